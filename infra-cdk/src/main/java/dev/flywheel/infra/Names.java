package dev.flywheel.infra;

/** Construct ids from topology names: "orders-intake" → "OrdersIntake". */
final class Names {
    private Names() {}

    static String id(String name) {
        StringBuilder id = new StringBuilder();
        for (String part : name.replace(".fifo", "-fifo").split("[-_.]")) {
            if (!part.isEmpty()) id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }
}
