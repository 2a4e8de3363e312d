package dev.docreactor.bench.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerActivityTest {

    /** A stat line as Linux writes it: pid, (name), state, then numbers; utime and stime are fields 14 and 15. */
    private static String stat(String name, long utime, long stime) {
        return "4242 (" + name + ") S 1 4200 4200 0 -1 4194368 1234 0 0 0 " + utime + " " + stime
            + " 0 0 20 0 30 0 5000 0 0 18446744073709551615 0 0 0 0 0 0 0 4 0 0 0 0 0 0";
    }

    @Test
    void shouldCountTheCpuTicksOfCompilerThreadsOnly() {
        assertThat(CompilerActivity.compilerTicks(stat("C2 CompilerThre", 700, 25)))
            .as("a C2 compiler thread: user plus system ticks").isEqualTo(725);
        assertThat(CompilerActivity.compilerTicks(stat("C1 CompilerThre", 40, 2)))
            .as("a C1 compiler thread").isEqualTo(42);
        assertThat(CompilerActivity.compilerTicks(stat("reactor-a-StreamThread-1", 900, 50)))
            .as("any other thread counts nothing").isZero();
        assertThat(CompilerActivity.compilerTicks(stat("odd) name (C2", 900, 50)))
            .as("a name with parentheses is read up to the last one, and is not a compiler's").isZero();
    }

    @Test
    void shouldRefuseALineThatIsNotAStatLine() {
        assertThatThrownBy(() -> CompilerActivity.compilerTicks("no parentheses here"))
            .as("an unreadable line is an error, not zero").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReportTheBusiestJvmAsAShareOfOneCore() {
        long[] before = {1_000, 5_000};
        long[] after = {1_050, 5_300};
        assertThat(CompilerActivity.share(before, after, 10.0))
            .as("300 ticks (3 s of CPU) in 10 s is 30% of a core, the busier of the two").isEqualTo(0.3);
        assertThat(CompilerActivity.share(new long[] {1_000, -1}, after, 10.0))
            .as("a JVM that could not be read makes the figure unknown").isNegative();
        assertThat(CompilerActivity.share(before, after, 0))
            .as("no time elapsed: unknown").isNegative();
    }

    @Test
    void shouldReadThisJvmsOwnCompilerThreads() {
        CompilerActivity self = CompilerActivity.watch(List.of(ProcessHandle.current().pid()));
        long ticks = CompilerActivity.compilerTicks(ProcessHandle.current().pid());
        if (ticks < 0) {
            // Not Linux: there is no /proc to read, and the activity is unknown rather than zero.
            assertThat(self.busiestShare()).as("unknown without /proc").isNegative();
            return;
        }
        assertThat(ticks).as("a running JVM has compiled something by now").isPositive();
        assertThat(self.busiestShare()).as("a share of at most one core per compiler thread").isBetween(0.0, 4.0);
    }
}
