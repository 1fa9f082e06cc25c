package dev.flywheel.dynamodb.model;

import java.math.BigDecimal;

/**
 * DynamoDB's number type: up to 38 significant digits, magnitudes from 1E-130 to below 1E+126, stored and
 * answered canonically (no exponent, no leading or trailing zeros).
 */
public final class Numbers {
    private static final BigDecimal MAX = new BigDecimal("1E+126");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private Numbers() {}

    /** Parses a wire number, refusing what DynamoDB refuses with its own words. */
    public static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            if (text == null || text.isBlank() || text.strip().length() != text.length()) throw new NumberFormatException();
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new DynamoException.Validation("A value provided cannot be converted into a number");
        }
        return checked(value);
    }

    /** The result of arithmetic, held to the same limits. */
    public static BigDecimal checked(BigDecimal value) {
        BigDecimal canonical = canonical(value);
        if (canonical.signum() == 0) return canonical;
        if (canonical.precision() > 38) {
            throw new DynamoException.Validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal magnitude = canonical.abs();
        if (magnitude.compareTo(MAX) >= 0) {
            throw new DynamoException.Validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude.compareTo(MIN) < 0) {
            throw new DynamoException.Validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return canonical;
    }

    static BigDecimal canonical(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
