"""Runs unittest modules and writes a JUnit-style XML report (standard library only), so CI can sum the Python
tests with the Java ones. Usage: python3 junit_runner.py REPORT.xml MODULE...; exits non-zero on any failure."""

import sys
import time
import unittest
import xml.etree.ElementTree as ET


class _Result(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = []  # (test, seconds, kind, text)
        self._start = None

    def startTest(self, test):
        self._start = time.monotonic()
        super().startTest(test)

    def _record(self, test, kind, text=""):
        self.cases.append((test, time.monotonic() - (self._start or time.monotonic()), kind, text))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "ok")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failure", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)


def main(argv):
    if len(argv) < 3:
        print("usage: junit_runner.py REPORT.xml MODULE...", file=sys.stderr)
        return 2
    report, modules = argv[1], argv[2:]
    suite = unittest.defaultTestLoader.loadTestsFromNames(modules)
    started = time.monotonic()
    result = unittest.TextTestRunner(resultclass=_Result, verbosity=2).run(suite)
    counts = {k: sum(1 for c in result.cases if c[2] == k) for k in ("failure", "error", "skipped")}
    # A failed class set-up is an error without a test run: count recorded cases so tests >= failures + errors.
    root = ET.Element("testsuite", name="stepindex_client", tests=str(len(result.cases)),
                      failures=str(counts["failure"]), errors=str(counts["error"]),
                      skipped=str(counts["skipped"]), time="%.3f" % (time.monotonic() - started))
    for test, seconds, kind, text in result.cases:
        case = ET.SubElement(root, "testcase", classname=type(test).__module__ + "." + type(test).__name__,
                             name=getattr(test, "_testMethodName", str(test)), time="%.3f" % seconds)
        if kind in ("failure", "error"):
            ET.SubElement(case, kind, message=text.strip().splitlines()[-1] if text.strip() else kind).text = text
        elif kind == "skipped":
            ET.SubElement(case, "skipped", message=text)
    ET.ElementTree(root).write(report, encoding="utf-8", xml_declaration=True)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
