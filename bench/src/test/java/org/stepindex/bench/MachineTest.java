package org.stepindex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {
  @Test
  void theCpuIsTheFirstModelName() {
    List<String> x86 =
        List.of(
            "processor\t: 0",
            "vendor_id\t: AuthenticAMD",
            "model\t\t: 1",
            "model name\t: AMD EPYC  7B13 64-Core Processor",
            "processor\t: 1",
            "model name\t: another");
    assertEquals("AMD EPYC 7B13 64-Core Processor", Machine.cpuModel(x86, "amd64"));
    // aarch64's cpuinfo names no model: the architecture stands in.
    List<String> arm = List.of("processor\t: 0", "BogoMIPS\t: 50.00", "CPU part\t: 0xd0c");
    assertEquals("aarch64", Machine.cpuModel(arm, "aarch64"));
    assertEquals("amd64", Machine.cpuModel(List.of("model name\t:   "), "amd64"));
  }

  @Test
  void thisMachineIsNamedInOneLine() throws Exception {
    Machine here = Machine.current();
    assertEquals(Runtime.getRuntime().availableProcessors(), here.cores());
    assertTrue(here.line().startsWith("machine: " + here.cpu() + ", "), here.line());
    assertTrue(here.line().endsWith(", Java " + Runtime.version()), here.line());
    assertFalse(here.line().contains("\n"));
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      String model = Machine.cpuModel(Files.readAllLines(cpuinfo), "none");
      assertEquals(model, here.cpu());
    }
  }
}
