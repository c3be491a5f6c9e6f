package io.tiergate.ledger.keys;

/** A new key and its secret: the only time the secret exists outside the caller's hands. */
public record CreatedKey(VirtualKey key, String secret) {
    @Override
    public String toString() {
        return "CreatedKey[" + key.id() + "]"; // never log the secret by accident
    }
}
