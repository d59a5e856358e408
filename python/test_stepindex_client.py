"""Tests of stepindex_client against a real ``stepindex serve`` and the real CLI over the same index.

Needs the environment python/run-client-tests sets: STEPINDEX_URL (the server), STEPINDEX_CLI (the ./stepindex
launcher) and STEPINDEX_INDEX (the served index directory, also served as index=second). Every expected value is
what the CLI prints for the same arguments.
"""

import json
import os
import subprocess
import tempfile
import threading
import unittest

from stepindex_client import Client, StepIndexError, to_pandas

URL = os.environ.get("STEPINDEX_URL")
CLI = os.environ.get("STEPINDEX_CLI")
INDEX = os.environ.get("STEPINDEX_INDEX")

QUERIES = ["galaxy", "the", '"quasar nebula"', "zorblax -galaxy", "+vorpal +the", "nothingsuchword"]
STEPS = [0, 1, 7, 16, 33, 38]


def cli(*args):
    """Runs the CLI; returns (exit code, stdout, stderr)."""
    run = subprocess.run([CLI] + list(args), capture_output=True, text=True, timeout=300)
    return run.returncode, run.stdout, run.stderr


def cli_rows(*args):
    code, out, err = cli(*args)
    if code != 0:
        raise AssertionError("stepindex %s failed: %s" % (" ".join(args), err))
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def cli_error(*args):
    """The one-line message the CLI prints for a user error, without its 'stepindex: ' prefix."""
    code, out, err = cli(*args)
    if code != 2:
        raise AssertionError("expected exit 2 from stepindex %s, got %d: %s" % (" ".join(args), code, err))
    lines = err.strip().splitlines()
    if len(lines) != 1 or not lines[0].startswith("stepindex: "):
        raise AssertionError("expected one 'stepindex: ...' line, got %r" % (err,))
    return lines[0][len("stepindex: "):]


@unittest.skipUnless(URL and CLI and INDEX, "needs STEPINDEX_URL, STEPINDEX_CLI and STEPINDEX_INDEX (python/run-client-tests)")
class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("\n".join(QUERIES) + "\n")
            cls.queries_file = f.name
        steps = ",".join(str(s) for s in STEPS)
        cls.expected_rows = cli_rows("count", "--index", INDEX, "--queries", cls.queries_file, "--steps", steps,
                                     "--format", "json")

    @classmethod
    def tearDownClass(cls):
        os.unlink(cls.queries_file)

    def expected(self, query, step):
        for row in self.expected_rows:
            if row["query"] == query and row["step"] == step:
                return row
        raise AssertionError("no CLI row for %r at %d" % (query, step))

    def test_count_equals_the_cli_for_every_query_and_step(self):
        self.assertEqual(len(QUERIES) * len(STEPS), len(self.expected_rows))
        for query in QUERIES:
            for step in STEPS:
                self.assertEqual(self.expected(query, step), self.client.count(query, step=step))
        self.assertGreater(self.expected("galaxy", 38)["occurrences"], 0, "the planted term occurs")

    def test_count_over_a_range_and_in_other_views_equals_the_cli(self):
        for args, call in [
            (["--from", "3", "--to", "20", '"quasar nebula"'],
             lambda: self.client.count('"quasar nebula"', from_=3, to=20)),
            (["--step", "20", "--view", "pythia-numbers", "7"],
             lambda: self.client.count("7", step=20, view="pythia-numbers")),
            (["--step", "38", "--view", "tokens", "0"], lambda: self.client.count("0", step=38, view="tokens")),
        ]:
            (row,) = cli_rows(*(["count", "--index", INDEX, "--format", "json"] + args))
            self.assertEqual(row, call())

    def test_timeline_equals_the_cli_rows(self):
        for steps, cli_steps in [("pythia", "pythia"), ([0, 5, 38], "0,5,38"), ("every:8", "every:8")]:
            rows = cli_rows("timeline", "--index", INDEX, "--steps", cli_steps, "--format", "json", "galaxy")
            t = self.client.timeline("galaxy", steps=steps)
            self.assertEqual({"query": "galaxy", "view": "text"}, {"query": t["query"], "view": t["view"]})
            self.assertEqual([r["step"] for r in rows], t["steps"])
            self.assertEqual([r["sequences"] for r in rows], t["sequences"])
            self.assertEqual([r["occurrences"] for r in rows], t["occurrences"])

    def test_cooccur_equals_the_cli(self):
        for window in [None, 5]:
            args = ["cooccur", "--index", INDEX, "--step", "30", "--format", "json", "galaxy", "the"]
            if window is not None:
                args += ["--window", str(window)]
            (row,) = cli_rows(*args)
            self.assertEqual(row, self.client.cooccur("galaxy", "the", step=30, window=window))
        (row,) = cli_rows("cooccur", "--index", INDEX, "--from", "2", "--to", "30", "--format", "json", "zorblax", "of")
        self.assertEqual(row, self.client.cooccur("zorblax", "of", from_=2, to=30))

    def test_batch_streams_the_rows_of_count_queries(self):
        rows = self.client.batch(QUERIES, STEPS)
        self.assertFalse(isinstance(rows, list), "batch is a generator")
        self.assertEqual(self.expected_rows, list(rows))
        pythia = cli_rows("count", "--index", INDEX, "--queries", self.queries_file, "--steps", "pythia",
                          "--format", "json")
        self.assertEqual(pythia, list(self.client.batch(QUERIES, "pythia")))

    def test_stats_equals_the_cli(self):
        code, out, err = cli("stats", "--index", INDEX, "--json")
        self.assertEqual(0, code, err)
        self.assertEqual(json.loads(out), self.client.stats())

    def test_a_second_index_is_asked_by_name(self):
        second = Client(URL, index="second")
        self.assertEqual(self.expected("galaxy", 16), second.count("galaxy", step=16))
        with self.assertRaises(StepIndexError) as e:
            Client(URL, index="nosuch").count("galaxy", step=1)
        self.assertEqual(404, e.exception.status)
        self.assertIn("nosuch", e.exception.message)

    def test_errors_carry_the_clis_message_and_the_server_keeps_serving(self):
        for cli_args, call in [
            (["--step", "1", '"unclosed'], lambda: self.client.count('"unclosed', step=1)),
            (["--step", "9999", "galaxy"], lambda: self.client.count("galaxy", step=9999)),
            (["--step", "1", "--view", "tokens", "notanid"], lambda: self.client.count("notanid", step=1, view="tokens")),
        ]:
            message = cli_error(*(["count", "--index", INDEX] + cli_args))
            with self.assertRaises(StepIndexError) as e:
                call()
            self.assertEqual(400, e.exception.status)
            self.assertEqual(message, e.exception.message)
        with self.assertRaises(StepIndexError) as e:
            list(self.client.batch(["galaxy", '"unclosed'], [1]))
        self.assertEqual(400, e.exception.status)
        with self.assertRaises(StepIndexError) as e:
            self.client.count("galaxy")
        self.assertEqual(400, e.exception.status)
        self.assertIn("step", e.exception.message)
        self.assertEqual(self.expected("galaxy", 7), self.client.count("galaxy", step=7))

    def test_find_pages_through_the_cli_rows(self):
        expected = cli_rows("find", "--index", INDEX, "--step", "38", "--limit", "10000", "--format", "json", "galaxy")
        self.assertGreater(len(expected), 20)
        rows = self.client.find("galaxy", step=38, page=7)
        self.assertFalse(isinstance(rows, list), "find is a generator")
        self.assertEqual(expected, list(rows))
        self.assertEqual(expected[:10], list(self.client.find("galaxy", step=38, limit=10, page=3)))
        self.assertEqual(expected[5:], list(self.client.find("galaxy", step=38, after=expected[4]["cursor"])))
        ranged = cli_rows("find", "--index", INDEX, "--from", "3", "--to", "20", "--context", "2", "--view", "tokens",
                          "--format", "json", "0")
        self.assertEqual(ranged[:20], list(self.client.find("0", from_=3, to=20, context=2, view="tokens", limit=20)))

    def test_exposures_and_next_equal_the_cli(self):
        (row,) = cli_rows("exposures", "--index", INDEX, "--step", "20", "--nth", "1,5", "--per", "every:8",
                          "--format", "json", "zorblax")
        self.assertEqual(row, self.client.exposures("zorblax", step=20, nth=[1, 5], per="every:8"))
        (pair,) = cli_rows("exposures", "--index", INDEX, "--format", "json", "galaxy", "the")
        self.assertEqual(pair, self.client.exposures(a="galaxy", b="the"))
        (never,) = cli_rows("exposures", "--index", INDEX, "--format", "json", "nothingsuchword")
        self.assertIsNone(self.client.exposures("nothingsuchword")["first_step"])
        self.assertEqual(never, self.client.exposures("nothingsuchword"))
        rows = cli_rows("next", "--index", INDEX, "--step", "38", "--top", "0", "--format", "json", "--encode", " plus")
        self.assertEqual(rows, self.client.next(encode=" plus", step=38, top=0))
        self.assertEqual(rows[:3], self.client.next(rows[0]["context"], step=38, top=3))
        plus = rows[0]["context"][-1]
        backed = cli_rows("next", "--index", INDEX, "--step", "38", "--infinigram", "--format", "json",
                          str(plus), str(plus), str(plus))
        self.assertEqual(backed, self.client.next([plus, plus, plus], step=38, infinigram=True))
        self.assertEqual(1, backed[0]["n"], "' plus plus plus' backs off to ' plus'")

    def test_history_errors_carry_the_clis_message(self):
        for cli_args, call in [
            (["find", "--step", "5", "--limit", "0", "the"], lambda: list(self.client.find("the", step=5, page=0))),
            (["exposures", "--nth", "0", "the"], lambda: self.client.exposures("the", nth=[0])),
            (["next", "--step", "39", "12"], lambda: self.client.next([12], step=39)),
        ]:
            message = cli_error(*([cli_args[0], "--index", INDEX] + cli_args[1:]))
            with self.assertRaises(StepIndexError) as e:
                call()
            self.assertEqual(400, e.exception.status)
            self.assertEqual(message, e.exception.message)

    def test_concurrent_requests_get_the_same_answers(self):
        failures = []

        def ask(offset):
            try:
                for i in range(30):
                    query = QUERIES[(offset + i) % len(QUERIES)]
                    step = STEPS[(offset * 7 + i) % len(STEPS)]
                    if self.client.count(query, step=step) != self.expected(query, step):
                        failures.append((query, step))
            except Exception as e:  # reported below, not lost in the thread
                failures.append(repr(e))

        threads = [threading.Thread(target=ask, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([], failures)

    def test_to_pandas(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            with self.assertRaises(ImportError) as e:
                to_pandas(self.client.batch(["galaxy"], [1]))
            self.assertIn("pip install pandas", str(e.exception))
            self.skipTest("pandas is not installed: checked that to_pandas says so")
        frame = to_pandas(self.client.batch(QUERIES, STEPS))
        self.assertEqual(self.expected_rows, frame.to_dict("records"))
        t = self.client.timeline_frame("galaxy", steps=[0, 5, 38])
        self.assertEqual([0, 5, 38], list(t["step"]))


if __name__ == "__main__":
    unittest.main()
