package io.posdb.spring.boot.actuate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.posdb.spring.boot.autoconfigure.PosdbUpgrade;

/**
 * This startup's upgrade as Micrometer meters: {@code posdb.upgrade.duration} (a timer, one
 * recording per startup) and {@code posdb.changesets.applied} (a counter, the changesets applied).
 * The upgrade runs before any registry exists, so its result is recorded when the registry binds.
 */
public class PosdbMetrics implements MeterBinder {

    private final PosdbUpgrade upgrade;

    public PosdbMetrics(PosdbUpgrade upgrade) {
        this.upgrade = upgrade;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Timer.builder("posdb.upgrade.duration").description("How long posdb's upgrade at startup took")
                .register(registry).record(upgrade.duration());
        Counter.builder("posdb.changesets.applied").description("Changesets posdb's upgrade applied at startup")
                .register(registry).increment(upgrade.applied().size());
    }
}
