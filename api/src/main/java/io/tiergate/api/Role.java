package io.tiergate.api;

import java.util.Locale;

/** Who speaks a message; wire names are the lower-case constant names. */
public enum Role {
    SYSTEM, DEVELOPER, USER, ASSISTANT, TOOL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidRequestException naming {@code param} when the role is unknown */
    public static Role fromWire(String name, String param) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) return r;
        }
        throw new InvalidRequestException("Invalid role '" + name + "': expected one of system, developer, user, assistant, tool.", param);
    }
}
