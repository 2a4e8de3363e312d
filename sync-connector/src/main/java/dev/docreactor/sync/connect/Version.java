package dev.docreactor.sync.connect;

/** The connector version, from the jar manifest when packaged. */
final class Version {

    static final String VERSION = readVersion();

    private Version() {
    }

    private static String readVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
