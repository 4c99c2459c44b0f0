package io.posdb.cli;

import io.posdb.changelog.Release;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the release number. */
final class PosdbVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"posdb " + Release.current()};
    }
}
