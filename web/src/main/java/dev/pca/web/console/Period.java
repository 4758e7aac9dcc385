package dev.pca.web.console;

import java.io.Serializable;

/**
 * A length of time as a form shows it: an amount and a unit, so that a CRL period reads "1 day"
 * rather than "86400". Read back from seconds with the largest unit that divides them exactly.
 */
public class Period implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The units a form offers, with their length in seconds. */
  public enum Unit {
    SECONDS(1),
    MINUTES(60),
    HOURS(3600),
    DAYS(86400);

    private final long seconds;

    Unit(long seconds) {
      this.seconds = seconds;
    }

    public String symbol() {
      return switch (this) {
        case SECONDS -> "s";
        case MINUTES -> "min";
        case HOURS -> "h";
        case DAYS -> "d";
      };
    }
  }

  private Long amount;
  private Unit unit = Unit.HOURS;

  public static Period of(long seconds) {
    Period period = new Period();
    Unit best = Unit.SECONDS;
    for (Unit unit : Unit.values()) {
      if (seconds != 0 && seconds % unit.seconds == 0) {
        best = unit;
      }
    }
    period.unit = best;
    period.amount = seconds / best.seconds;
    return period;
  }

  /**
   * The length in seconds; 0 when no amount was given, which the core refuses as too short, and the
   * largest long for an amount too large to count, which it refuses as too long.
   */
  public long seconds() {
    if (amount == null) {
      return 0;
    }
    return Math.abs(amount) > Long.MAX_VALUE / unit.seconds
        ? Long.MAX_VALUE
        : amount * unit.seconds;
  }

  public Long getAmount() {
    return amount;
  }

  public void setAmount(Long amount) {
    this.amount = amount;
  }

  public Unit getUnit() {
    return unit;
  }

  public void setUnit(Unit unit) {
    this.unit = unit;
  }

  public Unit[] getUnits() {
    return Unit.values();
  }

  @Override
  public String toString() {
    return amount + " " + unit.symbol();
  }
}
