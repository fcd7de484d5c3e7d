package io.decant.control;

/**
 * What became of a pending insert's key ({@link IntentLog#fillKeys}).
 *
 * @param outcome           whether the key was recorded, and if not why
 * @param journalAfterWrite for a NEW_ONLY insert: an existing legacy → new entry kept its direction,
 *                          so the call journals the key new → legacy again before it returns (as
 *                          {@link NewOnlyRecord#journalAfterWrite})
 * @param fence             the fence that refused the key ({@link Outcome#FENCED}), else null
 */
public record KeyFill(Outcome outcome, boolean journalAfterWrite, KeyFence fence) {
    public enum Outcome {
        /** The intent now names the key; the call goes on to its second write. */
        FILLED,
        /**
         * The key lies on the other generator's side of the {@link KeyFence}: it may also be handed out
         * there. The intent names the key, pointed from the store whose generator owns it, and stays
         * for repair; the call fails before its second write.
         */
        FENCED,
        /** The pending insert was swept (its instance counted as gone) or resolved meanwhile: the call is fenced. */
        SWEPT
    }

    public static final KeyFill FILLED = new KeyFill(Outcome.FILLED, false, null);
    public static final KeyFill SWEPT = new KeyFill(Outcome.SWEPT, false, null);
}
