package io.smsgateway.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The fraud shield's blocks and the operator's overrides, for one instance in memory or for a
 * fleet in Redis. A subject is what a block or an override is about: a number, a prefix, a country.
 */
public interface FraudBlocks {

    /** The first active block among these subjects, renewed: a block holds while its traffic goes on. */
    Optional<Block> active(List<String> subjects);

    /**
     * Blocks a subject for {@code baseMillis}, doubled for each earlier block of it within the
     * memory of strikes, at most {@code maxMillis}; an active block stays as it is.
     */
    Block place(String subject, String shown, String rule, String evidence, long baseMillis, long maxMillis);

    /** Lifts a block now; its strikes are remembered. */
    boolean lift(String subject);

    List<Block> activeBlocks();

    /** The overrides among these subjects, expired ones left out. */
    List<OverrideEntry> overrides(Collection<String> subjects);

    /**
     * What the shield reads first for a send: {@link #overrides} of {@code overrideSubjects} and, where
     * the store reads both at once (Redis: one round trip), the block in force among
     * {@code blockSubjects} as {@link #active} finds it, its end as renewed, but not renewed yet:
     * {@link #renew} does, for a send that meets it. Elsewhere the blocks are not read here.
     */
    default Screen screen(Collection<String> overrideSubjects, List<String> blockSubjects) {
        return new Screen(overrides(overrideSubjects), false, Optional.empty());
    }

    /** A block {@link #screen} found holds until its {@code until}: what {@link #active} would have written. */
    default void renew(Block block) {
        active(List.of(block.subject()));
    }

    /** @param blocksRead whether {@code block} answers for the blocks; if not, {@link #active} does */
    record Screen(List<OverrideEntry> overrides, boolean blocksRead, Optional<Block> block) {
    }

    void putOverride(OverrideEntry override);

    boolean removeOverride(String subject);

    List<OverrideEntry> allOverrides();

    /**
     * @param shown    the subject as an operator may read it: a masked prefix (+4477009001xxx) or a country
     * @param evidence what tripped it, in counts
     * @param strikes  the how-many-th block of this subject
     * @param length   how long it holds from its last renewal: traffic that goes on keeps it until then
     */
    record Block(String subject, String shown, String rule, String evidence, Instant since, Instant until, int strikes,
                 Duration length) {

        /** The block as a send it refuses now leaves it: holding at least one length from now. */
        public Block renewedAt(Instant now) {
            Instant renewed = now.plus(length);
            return renewed.isAfter(until) ? new Block(subject, shown, rule, evidence, since, renewed, strikes, length) : this;
        }
    }

    /**
     * @param allow  true to let traffic through the automatic blocks, false to block it
     * @param force  an allow that also passes the number-type and country rules
     * @param until  when it ends by itself; null for never
     * @param by     who set it: an admin key's label, or the policy file
     */
    record OverrideEntry(String subject, String shown, boolean allow, boolean force, Instant until, String reason, String by) {
    }
}
