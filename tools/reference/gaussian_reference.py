"""Reference values of the standard normal functions used by the TPE sampler's Parzen estimators.

Run with Debian's interpreter (python3-scipy installed): /usr/bin/python3 tools/reference/gaussian_reference.py
The printed values are copied into tests/Genomics.Models.Tests/Tuning/GaussianTests.cs.
"""
import numpy as np
from scipy.special import erf, erfc, log_ndtr, ndtr, ndtri

for x in [1.0, -5.0, -10.0, 0.3, 3.0]:
    print("cdf", x, repr(float(ndtr(x))))
for x in [-40.0, -8.0, -1.0, 2.0]:
    print("log_cdf", x, repr(float(log_ndtr(x))))
for p in [1e-300, 1e-10, 0.01, 0.3, 0.975, 1 - 1e-12]:
    print("inverse_cdf", p, repr(float(ndtri(p))))
for x in [0.1, 0.5, 2.0, -3.5]:
    print("erf/erfc", x, repr(float(erf(x))), repr(float(erfc(x))))

# log(Phi(b) - Phi(a)) far in the upper tail, computed through the lower tail.
la, lb = log_ndtr(-30.0), log_ndtr(-31.0)
print("log_mass 30 31", repr(float(la + np.log1p(-np.exp(lb - la)))))
print("log_mass -1 2", repr(float(np.log(ndtr(2.0) - ndtr(-1.0)))))
