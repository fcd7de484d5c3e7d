package io.decant;

/**
 * The application's transactions, as Decant needs to see them: whether the calling thread runs
 * inside one, and a way to act just before it commits and once it has ended. Given to
 * {@link Decant.Builder#transactions(TransactionScope)}; the Spring Boot starter supplies one over
 * Spring's transaction synchronization. Without one ({@link #NONE}) Decant treats every call as
 * outside any transaction, which is right only when the wrapped writes commit on their own.
 *
 * <p>A {@link Migration#write} inside a transaction (or a {@link Migration#insert}, once its key is
 * generated and named) runs its authoritative steps at once and the rest around the transaction's
 * end (README.md, "Transactions"): the legacy write commits with the application's transaction, a new
 * write that must follow it runs only after the commit, and the call counts as in flight (the phase
 * barrier waits for it) until the transaction has ended.
 */
public interface TransactionScope {

    /** No application transactions: every call is on its own. */
    TransactionScope NONE = new TransactionScope() {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public void register(Completion completion) {
            throw new IllegalStateException("no transaction is active");
        }
    };

    /** Whether the calling thread runs inside an application transaction that has not ended yet. */
    boolean active();

    /**
     * Registers {@code completion} with the calling thread's transaction; called only while
     * {@link #active()}. Completions run in the order they were registered.
     */
    void register(Completion completion);

    /** How a transaction ended. */
    enum Outcome {
        /** It committed. */
        COMMITTED,
        /** It rolled back: nothing it wrote landed. */
        ROLLED_BACK,
        /** Its commit was attempted and failed in a way that leaves the outcome unknown (a connection cut, say). */
        UNKNOWN
    }

    /** What Decant does at the end of a transaction that one of its calls took part in. */
    interface Completion {
        /**
         * Runs just before the transaction commits, on the committing thread; an exception refuses the
         * commit (the transaction manager rolls back and the commit fails).
         */
        void beforeCommit();

        /** Runs once the transaction has ended, however it ended, outside it; never throws. */
        void afterCompletion(Outcome outcome);
    }
}
