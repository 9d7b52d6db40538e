package org.envbench.http.load;

/** The server could not be reached within the timeout before the run started; nothing was measured. */
public final class UnreachableServerException extends Exception {

    public UnreachableServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
