"""Tests of the ./stepindex launcher's start-up caches (the JDK's AOT caches, cli/target/stepindex-FAMILY.aot: one
for --version, one for help, one for each single query command, one for batches, one for the rest; the count's is
the one tested most).

Run by python/run-client-tests after ./run-tests built the CLI (STEPINDEX_CLI, STEPINDEX_INDEX as there). The cache
is only ever replaced by renaming a new file over it, never written in place: a running JVM (the test server)
has it mapped.
"""

import os
import shutil
import subprocess
import tempfile
import time
import unittest

CLI = os.environ.get("STEPINDEX_CLI")
INDEX = os.environ.get("STEPINDEX_INDEX")
PREPARING = "stepindex: preparing the start-up cache (after a build, a few seconds) ...\n"


def run(*args, env=None):
    full = dict(os.environ)
    full.pop("STEPINDEX_AOT", None)
    # These tests are about the cold path's cache; the client tests' server serves the same index, and the
    # launcher would otherwise send the count to it without starting a JVM.
    full["STEPINDEX_SERVER"] = "off"
    full.update(env or {})
    p = subprocess.run([CLI] + list(args), capture_output=True, text=True, timeout=600, env=full)
    return p.returncode, p.stdout, p.stderr


@unittest.skipUnless(CLI and INDEX, "needs STEPINDEX_CLI and STEPINDEX_INDEX (python/run-client-tests)")
class LauncherCacheTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        root = os.path.dirname(os.path.abspath(CLI))
        cls.target = os.path.join(root, "cli", "target")
        cls.cache = os.path.join(cls.target, "stepindex-count.aot")
        cls.jar = os.path.join(root, "cli", "target", "stepindex-cli.jar")
        cls.lib = os.path.join(root, "cli", "target", "lib")
        cls.count = ("count", "--index", INDEX, "--step", "16", "--format", "csv", "galaxy")
        code, cls.expected, err = run(*cls.count, env={"STEPINDEX_AOT": "off"})
        assert code == 0 and err == "", err
        cls.work = tempfile.mkdtemp()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def replace_cache(self, content_from=None, data=None, mtime=None):
        """Puts a new file in the cache's place by rename, as the launcher does."""
        tmp = self.cache + ".test-tmp"
        if content_from is not None:
            shutil.copyfile(content_from, tmp)
        else:
            with open(tmp, "wb") as f:
                f.write(data)
        when = mtime if mtime is not None else time.time() + 5  # newer than the jars: looks fresh to the launcher
        os.utime(tmp, (when, when))
        os.replace(tmp, self.cache)

    def shared_classes(self, args, env=None, package="org.stepindex."):
        """How many classes of package (stepindex's) a run loaded from its cache; the JVM loads all of a cache's
        classes at start."""
        log = os.path.join(self.work, "classes.log")
        code, out, err = run(*args, env=dict(env or {}, STEPINDEX_JAVA_OPTS="-Xlog:class+load=info:file=" + log))
        self.assertEqual((0, ""), (code, err))
        with open(log) as f:
            return sum(1 for line in f if " " + package in line and "shared objects file" in line)

    def test_a_stale_cache_is_made_again_and_then_used(self):
        self.replace_cache(data=b"old", mtime=1_000_000_000)  # older than the jars: stale
        code, out, err = run(*self.count)
        self.assertEqual((0, self.expected, PREPARING), (code, out, err))
        self.assertGreater(os.path.getsize(self.cache), 1_000_000)
        self.assertGreater(os.path.getmtime(self.cache), os.path.getmtime(self.jar))
        code, out, err = run(*self.count)
        self.assertEqual((0, self.expected, ""), (code, out, err), "the second run neither prepares nor warns")
        self.assertGreater(self.shared_classes(self.count), 50, "the CLI's classes come from the cache")

    def test_a_damaged_or_foreign_cache_is_ignored_silently(self):
        good = os.path.join(self.work, "good.aot")
        code, _, _ = run(*self.count)  # make sure a good cache exists
        self.assertEqual(0, code)
        shutil.copyfile(self.cache, good)
        try:
            for name, data in [("garbage", os.urandom(100_000)), ("truncated", open(good, "rb").read()[:1_000_000]),
                               ("empty", b"")]:
                self.replace_cache(data=data)
                code, out, err = run(*self.count)
                self.assertEqual((0, self.expected, ""), (code, out, err), name)
                self.assertEqual(0, self.shared_classes(self.count), name + ": nothing is used from it")
            # A valid cache made for another class path (a copy of the jar): the JVM finds it does not match.
            java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
            copy = shutil.copyfile(self.jar, os.path.join(self.work, "copy.jar"))
            foreign = os.path.join(self.work, "foreign.aot")
            made = subprocess.run([java, "-XX:AOTCacheOutput=" + foreign, "-cp", copy + ":" + self.lib + "/*",
                                   "org.stepindex.cli.Main", "--version"], capture_output=True, timeout=600)
            self.assertEqual(0, made.returncode, made.stderr)
            self.replace_cache(content_from=foreign)
            code, out, err = run(*self.count)
            self.assertEqual((0, self.expected, ""), (code, out, err), "a cache of another class path")
            self.assertEqual(0, self.shared_classes(self.count), "nothing is used from a foreign cache")
        finally:
            self.replace_cache(content_from=good, mtime=os.path.getmtime(good))

    def test_each_family_of_commands_has_a_cache_of_its_own(self):
        run(*self.count)
        run("--version")
        version = os.path.join(self.target, "stepindex-version.aot")
        self.assertGreater(os.path.getsize(version), 1_000_000)
        self.assertLess(os.path.getsize(version), os.path.getsize(self.cache), "--version's cache holds less")
        # --version opens no index: its cache holds none of Lucene's classes, which the JVM would load at start.
        self.assertEqual(0, self.shared_classes(["--version"], package="org.apache.lucene."))
        self.assertGreater(self.shared_classes(["--version"], package="picocli."), 50)
        self.assertGreater(self.shared_classes(self.count, package="org.apache.lucene."), 200)
        # A batch keeps both compilers and has a cache of its own, made with those flags.
        queries = os.path.join(self.work, "queries.txt")
        with open(queries, "w") as f:
            f.write("galaxy\nthe\n")
        code, out, err = run("count", "--index", INDEX, "--queries", queries, "--step", "16")
        self.assertEqual(0, code, err)
        self.assertTrue(os.path.getsize(os.path.join(self.target, "stepindex-batch.aot")) > 1_000_000)
        self.assertGreater(self.shared_classes(["count", "--index", INDEX, "--queries", queries, "--step", "16"],
                                               package="org.stepindex.query."), 10)

    def test_without_the_cache_it_answers_the_same(self):
        before = os.stat(self.cache).st_mtime if os.path.exists(self.cache) else None
        code, out, err = run(*self.count, env={"STEPINDEX_AOT": "off"})
        self.assertEqual((0, self.expected, ""), (code, out, err))
        self.assertEqual(0, self.shared_classes(self.count, env={"STEPINDEX_AOT": "off"}))
        after = os.stat(self.cache).st_mtime if os.path.exists(self.cache) else None
        self.assertEqual(before, after, "STEPINDEX_AOT=off leaves the cache alone")


if __name__ == "__main__":
    unittest.main()
