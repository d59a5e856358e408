"""A client for ``stepindex serve``: exact training-data counts by step from Python, standard library only.

    >>> from stepindex_client import Client
    >>> c = Client("http://127.0.0.1:8741")
    >>> c.count('"barack obama"', step=13000)
    {'query': '"barack obama"', 'view': 'text', 'step': 13000, 'sequences': 1234, 'occurrences': 1456}
    >>> for row in c.batch(["the", "galaxy"], steps="pythia"):
    ...     print(row["query"], row["step"], row["occurrences"])
    >>> for row in c.find("she", step=1000, limit=5):
    ...     print(row["step"], row["sequence"], row["text"])

Every method returns what the matching ``stepindex`` command prints with ``--format json``. A bad query, step or
parameter raises :class:`StepIndexError` carrying the server's one-line message. With pandas installed,
:func:`to_pandas` and :meth:`Client.timeline_frame` turn answers into data frames.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Client", "StepIndexError", "to_pandas"]


class StepIndexError(Exception):
    """A request the server refused: ``status`` is the HTTP status, ``message`` the server's one-line error."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class Client:
    """A connection to ``stepindex serve`` at ``url`` (e.g. ``http://127.0.0.1:8741``); ``index`` names the index
    to ask when the server serves several (default: the server's first)."""

    def __init__(self, url, index=None, timeout=60.0):
        self.url = url.rstrip("/")
        self.index = index
        self.timeout = timeout

    def count(self, query, step=None, view=None, from_=None, to=None):
        """The count of ``query`` at ``step`` (steps [0, step)) or over steps [from_, to), as a dict with
        ``query, view, step`` (or ``from, to``), ``sequences`` and ``occurrences``."""
        return self._get("/count", q=query, step=step, view=view, **{"from": from_, "to": to})

    def timeline(self, query, steps="pythia", view=None):
        """Cumulative counts of ``query`` at ``steps`` ("pythia", "every:N", a list of steps, or None for the
        index's shard schedule): ``{"query", "view", "steps": [...], "sequences": [...], "occurrences": [...]}``."""
        return self._get("/timeline", q=query, steps=_steps_param(steps), view=view)

    def cooccur(self, a, b, step=None, window=None, view=None, from_=None, to=None):
        """Sequences holding both text queries ``a`` and ``b`` (within ``window`` words when given), at ``step`` or
        over steps [from_, to)."""
        return self._get("/cooccur", a=a, b=b, step=step, window=window, view=view, **{"from": from_, "to": to})

    def batch(self, queries, steps, view=None):
        """Counts of each of ``queries`` at each of ``steps`` (a list, "pythia" or "every:N"): a generator of row
        dicts as ``count --queries FILE --steps ... --format json`` prints them, read as the server streams them."""
        body = {"queries": list(queries), "steps": steps if isinstance(steps, str) else [int(s) for s in steps]}
        if view is not None:
            body["view"] = view
        request = urllib.request.Request(
            self._url("/batch", {}), data=json.dumps(body).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json"})
        return self._rows(request)

    def find(self, query, step=None, from_=None, to=None, view=None, context=None, limit=None, page=1000, after=None):
        """The matches of ``query`` in steps [0, step) or [from_, to), in training order: a generator of the rows
        ``find --format json`` prints (``query, view, step, sequence, batch_index, position, text, cursor``). It asks
        for pages of ``page`` rows (at most 10,000), each continuing after the last row's cursor, until the matches
        end or ``limit`` rows were given (None: all of them); ``after`` starts after a row's cursor."""
        given = 0
        while limit is None or given < limit:
            size = page if limit is None else min(page, limit - given)
            rows = list(self._rows(urllib.request.Request(self._url("/find", {
                "q": query, "step": step, "from": from_, "to": to, "view": view, "context": context,
                "limit": size, "after": after}), method="GET")))
            for row in rows:
                yield row
            given += len(rows)
            if len(rows) < size:
                return
            after = rows[-1]["cursor"]

    def exposures(self, query=None, step=None, view=None, nth=None, per=None, a=None, b=None, window=None):
        """When ``query`` (or the pair ``a``, ``b``: sequences holding both) was seen as of ``step`` (None: all the
        index covers): ``first_step``, ``nth`` (``{"1": step, ...}``, None where there were fewer), ``last_step``,
        ``steps_since_last``, ``steps_with`` and, with ``per`` ("pythia", "every:N" or a list of steps), ``per``: the
        counts in each interval. ``nth`` is a list of n or a string "1,10,100" (default 1,10,100,1000)."""
        if nth is not None and not isinstance(nth, str):
            nth = ",".join(str(int(n)) for n in nth)
        return self._get("/exposures", q=query, a=a, b=b, step=step, view=view, nth=nth, per=_steps_param(per),
                         window=window)

    def next(self, context=None, step=None, top=None, infinigram=False, encode=None):
        """The tokens that followed the token ``context`` (a list of ids, or ``encode="text"``) in the sequences seen
        by ``step``, most frequent first: a list of the rows ``next --format json`` prints (``context, step, n,
        token, text, count, probability``); ``top`` of them (default 10, 0: all); ``infinigram=True`` backs off to
        the longest suffix the data had followed by ``step``."""
        if context is not None and not isinstance(context, str):
            context = " ".join(str(int(t)) for t in context)
        params = {"context": context, "encode": encode, "step": step, "top": top}
        if infinigram:
            params["infinigram"] = "true"
        return list(self._rows(urllib.request.Request(self._url("/next", params), method="GET")))

    def stats(self):
        """What ``stats --json`` prints: the manifest (layout, data, tokenizer, views, shards) and the index size."""
        return self._get("/stats")

    def timeline_frame(self, query, steps="pythia", view=None):
        """:meth:`timeline` as a pandas DataFrame with columns step, sequences, occurrences (needs pandas)."""
        t = self.timeline(query, steps=steps, view=view)
        rows = [{"query": t["query"], "view": t["view"], "step": s, "sequences": n, "occurrences": o}
                for s, n, o in zip(t["steps"], t["sequences"], t["occurrences"])]
        return to_pandas(rows)

    def _get(self, path, **params):
        request = urllib.request.Request(self._url(path, params), method="GET")
        rows = list(self._rows(request))
        if len(rows) != 1:
            raise StepIndexError(200, "expected one JSON object from %s, got %d" % (path, len(rows)))
        return rows[0]

    def _url(self, path, params):
        params = {k: v for k, v in params.items() if v is not None}
        if self.index is not None:
            params["index"] = self.index
        return self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")

    def _rows(self, request):
        # A generator: the request is sent when the first row is asked for.
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            raise StepIndexError(e.code, _error_message(e.read(), e.code)) from None
        except urllib.error.URLError as e:
            raise StepIndexError(0, "cannot reach stepindex serve at %s: %s" % (self.url, e.reason)) from None
        with response:
            if response.headers.get_content_type() == "application/json":
                yield json.loads(response.read().decode("utf-8"))
                return
            for line in response:
                if not line.strip():
                    continue
                row = json.loads(line.decode("utf-8"))
                if "error" in row and len(row) == 1:
                    raise StepIndexError(200, row["error"])  # a failure after streaming began ends the stream
                yield row


def _steps_param(steps):
    if steps is None or isinstance(steps, str):
        return steps
    return ",".join(str(int(s)) for s in steps)


def _error_message(body, status):
    try:
        return json.loads(body.decode("utf-8"))["error"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return "HTTP %d: %s" % (status, body[:200].decode("utf-8", "replace"))


def to_pandas(rows):
    """Rows (a list or generator of dicts, e.g. from :meth:`Client.batch`) or one answer dict as a pandas DataFrame.
    Needs pandas; raises ImportError saying so when it is not installed."""
    try:
        import pandas
    except ImportError:
        raise ImportError("to_pandas needs pandas: pip install pandas") from None
    if isinstance(rows, dict):
        rows = [rows]
    return pandas.DataFrame(list(rows))
