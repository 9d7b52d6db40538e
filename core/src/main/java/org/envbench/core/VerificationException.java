package org.envbench.core;

/** A kernel produced a wrong result: the run is an error, never a number. */
public class VerificationException extends RuntimeException {
    public VerificationException(String message) {
        super(message);
    }
}
