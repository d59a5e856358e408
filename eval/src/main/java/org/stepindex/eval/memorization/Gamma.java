package org.stepindex.eval.memorization;

/**
 * The log-gamma function and the regularized incomplete gamma functions, for the chi-square
 * distribution's tail.
 *
 * <p>Methods of Numerical Recipes (Press et al., 3rd ed., §6.1–6.2): Lanczos' approximation for ln
 * Γ (g = 7, nine coefficients, relative error below 1e-14 for positive arguments), the power series
 * for P(a, x) when x &lt; a + 1 and Lentz's continued fraction for Q(a, x) otherwise, each iterated
 * to double precision.
 */
public final class Gamma {
  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };
  private static final double EPS = 1e-16;
  private static final double TINY = 1e-300;
  private static final int MAX_ITERATIONS = 100_000;

  private Gamma() {}

  /** ln Γ(x) for x &gt; 0. */
  public static double logGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("logGamma needs x > 0, not " + x);
    }
    if (x < 0.5) {
      // Reflection keeps the approximation where it is accurate: Γ(x) Γ(1 − x) = π / sin(πx).
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  /**
   * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a &gt; 0 and x ≥
   * 0.
   */
  public static double regularizedQ(double a, double x) {
    check(a, x);
    if (x == 0) {
      return 1;
    }
    return x < a + 1 ? 1 - series(a, x) : continuedFraction(a, x);
  }

  /**
   * The regularized lower incomplete gamma function P(a, x) = 1 − Q(a, x), for a &gt; 0 and x ≥ 0.
   */
  public static double regularizedP(double a, double x) {
    check(a, x);
    if (x == 0) {
      return 0;
    }
    return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x);
  }

  /**
   * P(χ²_df ≥ x): the chi-square distribution's upper tail, the p-value of a statistic {@code x}.
   */
  public static double chiSquareSurvival(double x, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be positive, not " + df);
    }
    return regularizedQ(df / 2.0, Math.max(0, x) / 2);
  }

  private static void check(double a, double x) {
    if (!(a > 0) || !(x >= 0)) {
      throw new IllegalArgumentException(
          "incomplete gamma needs a > 0 and x >= 0, not a=" + a + ", x=" + x);
    }
  }

  /** P(a, x) = e^{−x} x^a / Γ(a) · Σ_n x^n / (a (a+1) … (a+n)). */
  private static double series(double a, double x) {
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  /**
   * Q(a, x) by the continued fraction 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))), Lentz's
   * method.
   */
  private static double continuedFraction(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }
}
