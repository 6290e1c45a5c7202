package dev.ferstream.eval;

/**
 * Tails of the fair-coin binomial distribution, Binomial(n, 1/2), accurate to about 1e-14 relative for n up to
 * billions. Why not sum {@code C(n, i) / 2^n}: for the sizes a stream produces (10^5 to 10^6 discordant faces) the
 * coefficients overflow a double and {@code 2^-n} underflows to 0. Each probability is computed in log space with
 * Loader's saddle-point expansion (the method behind R's {@code dbinom}), which avoids the catastrophic cancellation of
 * {@code ln n! - ln k! - ln (n-k)!}; a tail is then the largest term times a sum of ratios no larger than 1.
 */
final class Binomial {
    private static final double LN_2PI = Math.log(2 * Math.PI);
    private static final double LN_HALF = Math.log(0.5);
    /** Terms below this fraction of the running sum no longer change a double. */
    private static final double NEGLIGIBLE = 1e-17;

    private Binomial() {
    }

    /** ln P[X = k] for X ~ Binomial(n, 1/2); 0 <= k <= n. */
    static double logPmf(long n, long k) {
        if (k == 0 || k == n) {
            return n * LN_HALF;
        }
        double half = n / 2.0;
        double lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - deviance(k, half) - deviance(n - k, half);
        double lf = LN_2PI + Math.log(k) + Math.log1p(-(double) k / n);
        return lc - 0.5 * lf;
    }

    /** ln P[X <= k] for X ~ Binomial(n, 1/2); -infinity for k < 0, 0 for k >= n. */
    static double logLowerTail(long n, long k) {
        if (k < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (k >= n) {
            return 0;
        }
        if (2 * k > n) { // the terms grow towards n/2: sum the short side and take the complement (then >= 1/2)
            return Math.log1p(-Math.exp(logLowerTail(n, n - k - 1)));
        }
        // P[X = i-1] / P[X = i] = i / (n - i + 1) <= 1 below the mode, so the terms fall from i = k downwards.
        double sum = 1;
        double term = 1;
        for (long i = k; i > 0; i--) {
            term *= (double) i / (n - i + 1);
            sum += term;
            if (term < NEGLIGIBLE * sum) {
                break;
            }
        }
        return logPmf(n, k) + Math.log(sum);
    }

    /** P[X <= k] for X ~ Binomial(n, 1/2). */
    static double lowerTail(long n, long k) {
        return Math.exp(logLowerTail(n, k));
    }

    /** P[X >= k] for X ~ Binomial(n, 1/2), by symmetry P[X <= n - k]. */
    static double upperTail(long n, long k) {
        return lowerTail(n, n - k);
    }

    /** ln n! - ln(sqrt(2 pi n) (n/e)^n): exact sums for small n, where the series is not yet accurate. */
    static double stirlingError(long n) {
        if (n <= 15) {
            double lnFactorial = 0;
            for (int i = 2; i <= n; i++) {
                lnFactorial += Math.log(i);
            }
            return lnFactorial - 0.5 * (LN_2PI + Math.log(n)) - n * Math.log(n) + n;
        }
        double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
        double nn = (double) n * n;
        if (n > 500) {
            return (s0 - s1 / nn) / n;
        }
        if (n > 80) {
            return (s0 - (s1 - s2 / nn) / nn) / n;
        }
        if (n > 35) {
            return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
        }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
    }

    /** x ln(x / m) + m - x, by its series when x is close to m (where the direct form cancels). */
    static double deviance(double x, double m) {
        if (Math.abs(x - m) >= 0.1 * (x + m)) {
            return x * Math.log(x / m) + m - x;
        }
        double v = (x - m) / (x + m);
        double s = (x - m) * v;
        double ej = 2 * x * v;
        v *= v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double next = s + ej / (2 * j + 1);
            if (next == s) {
                return next;
            }
            s = next;
        }
        return s;
    }
}
