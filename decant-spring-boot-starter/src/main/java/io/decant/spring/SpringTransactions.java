package io.decant.spring;

import io.decant.TransactionScope;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring's transactions as Decant sees them: a call is inside one when the thread has an actual
 * transaction with synchronization; Decant's completions become {@link TransactionSynchronization}s.
 *
 * <p>Spring runs {@code afterCompletion} while the ended transaction's resources (its connection,
 * its EntityManager) are still bound to the thread: a new write run there through the same
 * transaction manager would join the finished transaction and never commit. So the completion runs
 * with that transaction suspended ({@code PROPAGATION_NOT_SUPPORTED} on the application's transaction
 * manager): a new write opens and commits a transaction of its own, or runs in autocommit.
 */
public final class SpringTransactions implements TransactionScope {
    private final PlatformTransactionManager transactionManager;

    /** @param transactionManager the application's transaction manager, or null when it has none */
    public SpringTransactions(PlatformTransactionManager transactionManager) {
        this.transactionManager = transactionManager;
    }

    @Override
    public boolean active() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public void register(Completion completion) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                completion.beforeCommit();
            }

            @Override
            public void afterCompletion(int status) {
                Outcome outcome = switch (status) {
                    case STATUS_COMMITTED -> Outcome.COMMITTED;
                    case STATUS_ROLLED_BACK -> Outcome.ROLLED_BACK;
                    default -> Outcome.UNKNOWN;
                };
                outsideTheEndedTransaction(() -> completion.afterCompletion(outcome));
            }
        });
    }

    private void outsideTheEndedTransaction(Runnable work) {
        if (transactionManager == null) {
            work.run();
            return;
        }
        TransactionTemplate suspended = new TransactionTemplate(transactionManager);
        suspended.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        suspended.executeWithoutResult(status -> work.run());
    }
}
