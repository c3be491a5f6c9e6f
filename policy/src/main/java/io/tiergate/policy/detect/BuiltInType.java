package io.tiergate.policy.detect;

import java.util.Arrays;
import java.util.List;

/** The sensitive-data types Tiergate recognises without configuration, with their public type names. */
public enum BuiltInType {
    EMAIL("email"),
    PHONE_NUMBER("phone_number"),
    PAYMENT_CARD("payment_card"),
    IBAN("iban"),
    US_SSN("us_ssn"),
    SECRET("secret"),
    PRIVATE_KEY("private_key"),
    IP_ADDRESS("ip_address");

    private final String typeName;

    BuiltInType(String typeName) {
        this.typeName = typeName;
    }

    /** The name used in findings, policy decisions, the ledger and error messages. */
    public String typeName() {
        return typeName;
    }

    public static List<String> typeNames() {
        return Arrays.stream(values()).map(BuiltInType::typeName).toList();
    }
}
