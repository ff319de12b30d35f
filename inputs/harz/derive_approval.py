r"""Derive the wind approval-time distributions of ``approval_uncertainty.csv``.

Maintainers only; nothing in the package imports it (the tests do, to check that the
committed file is exactly what this script makes)::

    python inputs/harz/derive_approval.py

Method. The approval duration :math:`T` of a wind project (application to BImSchG permit)
is lognormal. Its log-spread comes from the one year with a published mean *and* median
(FA Wind data for 2023, AEE graphic: mean 24.5, median 23.3 months), since for a lognormal

.. math:: \frac{\bar T}{\tilde T} = e^{\sigma^2/2} \;\Rightarrow\;
          \sigma^2 = 2 \ln(\bar T / \tilde T)

and its mean is the current national level, :math:`\bar T` = 17 months (2025, FA Wind), so
:math:`\mu = \ln \bar T - \sigma^2/2`. Niedersachsen's distribution is the national one
scaled by the measured ratio of the two half-year means, :math:`r` = 13.1 / 18 (H1 2025,
both from the application). The discrete outcomes are the conditional means of :math:`T`
in the probability bins :math:`[0, 0.25], [0.25, 0.65], [0.65, 0.9], [0.9, 1]` (the bin
widths are the outcome probabilities), rounded to whole months:

.. math:: E[T \mid q_a < T \le q_b] = \bar T\,
          \frac{\Phi(z_b - \sigma) - \Phi(z_a - \sigma)}{b - a}, \qquad z_p = \Phi^{-1}(p)

so before rounding the discrete distribution has exactly the fitted mean.

Legend: :math:`T` approval months, :math:`\bar T` mean, :math:`\tilde T` median,
:math:`\sigma, \mu` log-standard deviation and log-mean, :math:`\Phi` the standard normal
CDF, :math:`q_p` the :math:`p`-quantile of :math:`T`, :math:`r` the Niedersachsen ratio.

What it represents: the spread of individual projects' approval times around the current
mean. It leaves out a drift of the national mean itself (14 months 2011-2017, 24.5-26 in
2022-2023, 17 in 2025), which a regime distribution would add; with the H1 2023 pair (27.7 /
24.9) the spread would be wider (sigma 0.46 instead of 0.32).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from statistics import NormalDist

HERE = Path(__file__).resolve().parent
MEAN_2023, MEDIAN_2023 = 24.5, 23.3  # months, FA Wind data via AEE (aee_durations_2023) [M]
MEAN_2025 = 17.0  # months, national 2025, "just under 17" (fa_wind_durations) [M]
NI_H1_2025, DE_H1_2025 = 13.1, 18.0  # months, H1 2025 (ni_approval_h1_2025, fa_wind_durations)
BINS = (0.0, 0.25, 0.65, 0.90, 1.0)  # probability bins of the discrete outcomes
COLUMNS = ["case", "technology", "region", "parameter", "form", "value", "probability",
           "value_type", "source_id", "note"]
_STD = NormalDist()


def sigma() -> float:
    """Log-standard deviation from the 2023 mean and median."""
    return math.sqrt(2.0 * math.log(MEAN_2023 / MEDIAN_2023))


def ni_ratio() -> float:
    """Niedersachsen over national approval months, H1 2025."""
    return NI_H1_2025 / DE_H1_2025


def bin_means(mean: float) -> list[float]:
    """Conditional means of the lognormal with this mean in each probability bin."""
    s = sigma()
    out = []
    for a, b in zip(BINS, BINS[1:], strict=False):
        upper = 1.0 if b >= 1.0 else _STD.cdf(_STD.inv_cdf(b) - s)
        lower = 0.0 if a <= 0.0 else _STD.cdf(_STD.inv_cdf(a) - s)
        out.append(mean * (upper - lower) / (b - a))
    return out


def wind_rows() -> list[list]:
    """The eight wind approval rows: national ('*') and Niedersachsen."""
    s = sigma()
    rows = []
    for region, mean, basis in (
            ("*", MEAN_2025, "national mean 17 months (2025, fa_wind_durations)"),
            ("harz_ni", MEAN_2025 * ni_ratio(),
             f"Niedersachsen mean 17 x 13.1 / 18 = {MEAN_2025 * ni_ratio():.2f} months (NI "
             "13.1 months H1 2025, ni_approval_h1_2025, over the national 18 months H1 2025, "
             "fa_wind_durations; both from the application)")):
        median = mean * math.exp(-s * s / 2.0)
        for (a, b), value in zip(zip(BINS, BINS[1:], strict=False), bin_means(mean), strict=True):
            note = (f"[D] (derive_approval.py): lognormal approval time, sigma = sqrt(2 ln(24.5 "
                    f"/ 23.3)) = {s:.4f} from the 2023 mean and median (aee_durations_2023), "
                    f"{basis}, median {median:.2f}; value = the conditional mean "
                    f"{value:.2f} months in the probability bin {a:.2f}-{b:.2f}, rounded to "
                    f"whole months; probability = the bin width; the spread of individual "
                    "projects, not a drift of the national mean")
            rows.append(["reference", "wind", region, "approval_months", "discrete",
                         round(value), round(b - a, 2), "D",
                         "aee_durations_2023" if region == "*" else "ni_approval_h1_2025",
                         note])
    return rows


def approval_rows(current: Path = HERE / "approval_uncertainty.csv") -> list[list]:
    """The whole file: the derived wind approval rows, the other rows as they are."""
    with open(current, encoding="utf-8") as fh:
        rest = [[r[c] for c in COLUMNS] for r in csv.DictReader(fh)
                if not (r["technology"] == "wind" and r["parameter"] == "approval_months")]
    return wind_rows() + rest


def to_csv(rows: list[list]) -> str:
    """CSV text with ``\\n`` line ends (byte-reproducible)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buf.getvalue()


def main() -> None:
    text = to_csv(approval_rows())
    (HERE / "approval_uncertainty.csv").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
