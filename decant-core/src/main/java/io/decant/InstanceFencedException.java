package io.decant;

/**
 * A call refused (or not acknowledged) because this instance cannot prove that the phase it acts on
 * is current: its lease — renewed by every successful phase poll — is older than
 * {@code instances.dead-after} minus the safety margin, or lapsed while the call ran (the process was
 * paused, or cut off from the control store). Past that point the control store may already count
 * the instance as gone and let the migration move on without it, so the instance must not write
 * under its old phase. The call's write is not acknowledged; retry once the instance polled again
 * (it does so by itself every {@code instances.phase-poll}).
 */
public final class InstanceFencedException extends DecantException {
    public InstanceFencedException(String message) {
        super(ErrorCode.FAILURE, message);
    }
}
