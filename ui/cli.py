"""The `claimgraph` command line. Errors are caught here, at the boundary, and said plainly."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import click
from click.core import ParameterSource

from claimgraph.schema import ClaimGraphError, ReadOnlyError

OUTPUT_FORMATS = ["table", "json", "csv"]


def _fail(message: str, code: int = 1):
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns ClaimGraphError anywhere below into one red line and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ReadOnlyError as e:
            _fail(str(e), 3)
        except ClaimGraphError as e:
            _fail(str(e))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimgraph")
def main():
    """ClaimGraph: a knowledge graph of the claims and methods in research abstracts.

    \b
    Quick start:
      claimgraph build            # the demo corpus -> the embedded store
      claimgraph stats            # what is in the graph
      claimgraph app              # the explorer on http://127.0.0.1:8501

    The embedded store keeps its data in $CLAIMGRAPH_HOME (default ./.claimgraph).
    Set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (and NEO4J_DATABASE) to use a real Neo4j.
    """


def _open_store():
    from claimgraph.graph.store import open_store

    return open_store()


def _build_lock(what: str) -> None:
    """Refuse a second build or load on the same home while this command runs."""
    from claimgraph.graph.buildlock import acquire_build_lock
    from claimgraph.graph.server import default_home

    click.get_current_context().call_on_close(acquire_build_lock(default_home(), what))


# ---------------------------------------------------------------- build


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--batch-size", default=64, show_default=True, help="Papers written per transaction.")
@click.option("-j", "--n-process", default=1, show_default=True, help="Extraction processes.")
@click.option("--no-model", is_flag=True, help="Skip the learned SciERC recogniser (faster, lower recall). "
              "CLAIMGRAPH_RECOGNISER=minilm runs the MiniLM variant (better on SciERC, ~3x slower) instead of the CNN.")
@click.option("--limit", type=int, help="Stop after this many records (for trying things out).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--no-count", is_flag=True,
              help="Skip the first pass that counts records (about 1 s per 100,000 JSONL lines); "
                   "the bar then shows papers done and the rate, without a total or ETA.")
def build(paths, batch_size, n_process, no_model, limit, quiet, no_count):
    """Extract PATHS (files or folders; default: the demo corpus) into the graph.

    Formats: the papers-page text (.txt), JSON Lines (.jsonl/.jsonl.gz with id, title,
    abstract[, url, year, venue]) and CSV with title/abstract columns. Re-running skips
    papers already stored unchanged; a changed abstract replaces its old extraction.
    """
    _build_lock("build")   # before the slow imports: a second build is refused at once
    from tqdm import tqdm

    from claimgraph.graph.server import default_home
    from claimgraph.orchestration.build import DEMO_CORPUS, build as run_build, count_records

    paths = list(paths) or [DEMO_CORPUS]
    total = None if no_count else count_records(paths)
    if limit:
        total = min(total, limit) if total is not None else limit
    store = _open_store()
    records = f"{total:,} records" if total is not None else "records not counted"
    click.echo(f"Building from {', '.join(map(str, paths))} ({records}) into the "
               f"{store.info.backend} store at {store.info.uri}", err=True)
    bar = tqdm(total=total, unit="paper", disable=quiet, dynamic_ncols=True, file=sys.stderr)
    try:
        summary = run_build(
            paths, store, batch_size=batch_size, n_process=n_process, use_model=not no_model, limit=limit,
            merge_log=default_home() / "merge_log.jsonl",
            on_progress=bar.update,
            on_error=lambda e: (bar.update(1), tqdm.write(f"skipped {e.source}: {e.reason}", file=sys.stderr)),
        )
    finally:
        bar.close()
        store.close()
    click.echo(f"\nPapers: {summary.papers_written} written, {summary.papers_unchanged} unchanged, "
               f"{len(summary.skipped)} skipped (bad records) in {summary.seconds:.1f} s "
               f"(writing to the store: {summary.write_seconds:.1f} s)")
    click.echo(f"Merges across papers: {summary.merges} (log: {default_home() / 'merge_log.jsonl'})")
    done = summary.finalized
    click.echo(f"Contested claim pairs: {summary.contested} (this build: {done.added} written, {done.removed} removed, "
               f"{done.claims} claims and {done.entities} entities rechecked, {done.orphans} orphans removed; "
               f"{summary.finalize_seconds:.1f} s)")
    sem = summary.semantic
    if sem is not None:
        click.echo(f"Semantic layer: {sem.entities_encoded} names and {sem.sentences_encoded} sentences encoded, "
                   f"{sem.links} SAME_AS links ({sem.links_written} written, {sem.links_removed} removed) "
                   f"in {summary.semantic_seconds:.1f} s" + "".join(f"; {n}" for n in sem.notes))
    click.echo(f"Entity links: {done.linked} written in {done.link_seconds:.1f} s "
               f"({100 * done.link_seconds / max(summary.seconds, 1e-9):.1f}% of the build)")
    _print_counts(summary.labels, summary.types)
    if summary.skipped:
        click.secho(f"{len(summary.skipped)} record(s) were skipped; see the messages above.", fg="yellow", err=True)
        sys.exit(2)


def _print_counts(labels: dict, types: dict) -> None:
    click.echo("Nodes:         " + ", ".join(f"{k} {v:,}" for k, v in labels.items()))
    click.echo("Relationships: " + ", ".join(f"{k} {v:,}" for k, v in types.items()))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(fmt):
    """Node counts by label and relationship counts by type."""
    with _open_store() as store:
        labels, types = store.counts()
    if fmt == "json":
        click.echo(json.dumps({"nodes": labels, "relationships": types}, indent=2))
    else:
        _print_counts(labels, types)


# ---------------------------------------------------------------- query & export


def _parse_param(text: str):
    if "=" not in text:
        raise click.BadParameter(f"{text!r}: expected key=value")
    key, value = text.split("=", 1)
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def print_rows(rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        from claimgraph.graph.export import to_csv_text

        click.echo(to_csv_text([{k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in r.items()}
                                for r in rows]), nl=False)
    else:
        if not rows:
            click.echo("(no rows)")
            return
        cols = list(rows[0])
        cells = [[_cell(r.get(c)) for c in cols] for r in rows]
        widths = [min(60, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(cols)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
        click.echo("  ".join("-" * w for w in widths))
        for row in cells:
            click.echo("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)))
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _cell(value) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


@main.command()
@click.argument("cypher")
@click.option("-p", "--param", "params", multiple=True, help="Query parameter key=value (value parsed as JSON if it can be).")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
@click.option("--limit", default=1000, show_default=True, help="Row limit.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds before the query is cancelled.")
def query(cypher, params, fmt, limit, timeout):
    """Run a READ-ONLY Cypher query (writes are refused, exit status 3).

    Example: claimgraph query "MATCH (m:Method) WHERE m.name CONTAINS $q RETURN m.name" -p q=Fine
    """
    with _open_store() as store:
        rows = store.query_read_only(cypher, dict(map(_parse_param, params)), limit=limit, timeout=timeout)
    print_rows(rows, fmt)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "json", "csv", "neo4j-admin"]), default="graphml",
              show_default=True)
@click.argument("path", type=click.Path(path_type=Path))
def export(fmt, path):
    """Export the whole graph to PATH (csv and neo4j-admin write a folder)."""
    from claimgraph.graph import export as exporter

    if fmt == "neo4j-admin":   # streamed label by label: the graph need not fit in memory
        from claimgraph.graph.bulk import write_neo4j_admin_from_store

        with _open_store() as store:
            files = write_neo4j_admin_from_store(store, path)
            labels, types = store.counts()
        click.echo(f"Wrote {sum(labels.values()):,} nodes and {sum(types.values()):,} relationships to "
                   f"{len(files) - 2} CSV files in {path}; import them with: sh {Path(path) / 'import.sh'}")
        return
    with _open_store() as store:
        graph = exporter.to_networkx(store.all_nodes(), store.all_edges())
    files = exporter.write(graph, fmt, path)
    click.echo(f"Wrote {graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} edges to "
               + ", ".join(map(str, files)))


# ---------------------------------------------------------------- server & app


@main.group()
def server():
    """Manage the embedded store server (ArcadeDB with Bolt, on 127.0.0.1)."""


@server.command("start")
def server_start():
    """Start the embedded server (or reuse the running one)."""
    from claimgraph.graph.server import EmbeddedServer, default_home

    conn = EmbeddedServer(default_home()).start()
    click.echo(f"Embedded store running at {conn.uri} (database {conn.database}, data in {default_home()})")


@server.command("stop")
def server_stop():
    """Stop the embedded server."""
    from claimgraph.graph.server import EmbeddedServer, default_home

    stopped = EmbeddedServer(default_home()).stop()
    click.echo("Embedded store stopped." if stopped else "Embedded store was not running.")


@server.command("status")
def server_status():
    """Is the embedded server running, where, and with which data?"""
    from claimgraph.graph.server import EmbeddedServer, default_home

    status = EmbeddedServer(default_home()).status()
    click.echo(status.message)
    sys.exit(0 if status.running else 1)


@main.command()
@click.option("--port", default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep 127.0.0.1 unless you mean it).")
@click.option("--headless/--browser", default=False, help="Do not open a browser window.")
def app(port, host, headless):
    """Open the explorer (Streamlit) on http://127.0.0.1:PORT."""
    app_path = Path(__file__).with_name("app.py")
    # Start the store first so a failure is reported here, not as a blank page.
    _open_store().close()
    from claimgraph.ui.hostcheck import allowed_hosts

    cmd = [sys.executable, "-m", "claimgraph.ui.app_server", "run", str(app_path),
           "--server.address", host, "--server.port", str(port),
           "--server.headless", "true" if headless or not os.environ.get("DISPLAY") else "false",
           "--browser.gatherUsageStats", "false",
           # Only this host and origin (DNS rebinding, other sites' pages): see ui/hostcheck.py.
           "--server.enableCORS", "true", "--server.enableXsrfProtection", "true",
           *(arg for name in allowed_hosts(host, os.environ.get("CLAIMGRAPH_APP_HOSTS"))
             for arg in ("--server.allowedHosts", name))]
    click.echo(f"ClaimGraph explorer on http://{host}:{port}  (Ctrl+C to stop)", err=True)
    raise SystemExit(run_forwarding_signals(cmd))


def run_forwarding_signals(cmd: list[str], *, grace: float = 10.0) -> int:
    """Run `cmd` as a child and pass SIGINT/SIGTERM/SIGHUP on to it, then wait for it to exit
    (killed after `grace` seconds), so that stopping this process stops the server too
    (`subprocess.call` would return on the signal and leave the child serving the port).
    Returns the child's exit status (128 + signal number when it was stopped by one)."""
    import signal
    import time

    child = subprocess.Popen(cmd)
    received: list[int] = []

    def forward(signum, _frame):
        received.append(signum)
        if child.poll() is None:
            child.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    wanted = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {s: signal.signal(s, forward) for s in wanted}
    deadline = None
    try:
        while True:
            try:
                code = child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if received and deadline is None:
                    deadline = time.monotonic() + grace
                elif deadline is not None and time.monotonic() > deadline:
                    child.kill()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if received and code in (0, -received[0]):
        return 128 + received[0]
    return code if code >= 0 else 128 - code



# ---------------------------------------------------------------- extract, load, eval


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="JSON Lines file to write; a folder of shard files with --dask-scheduler/--dask-local.")
@click.option("--shard", help="Only shard i of n (e.g. 0/4): split the work over machines by paper id.")
@click.option("-j", "--n-process", default=1, show_default=True)
@click.option("--no-model", is_flag=True, help="Skip the learned SciERC recogniser "
              "(CLAIMGRAPH_RECOGNISER=minilm: the MiniLM variant instead of the CNN).")
@click.option("--dask-scheduler", metavar="ADDRESS",
              help="Run the shards on this Dask cluster (tcp://host:8786); workers must see PATHS and --out.")
@click.option("--dask-local", type=int, metavar="N", help="Run the shards on a local Dask cluster of N processes.")
@click.option("--shards", type=int, help="Number of shards with Dask (default: 2 per worker).")
def extract_cmd(paths, out, shard, n_process, no_model, dask_scheduler, dask_local, shards):
    """Extract PATHS to a JSON Lines file of results, without a store (load it with `claimgraph load`).

    \b
    With --dask-scheduler or --dask-local, OUT is a folder that receives one
    shard-i-of-n.jsonl per task; rerunning skips the shards already written.
    Then: claimgraph load OUT
    """
    if dask_scheduler or dask_local:
        if shard:
            raise click.UsageError("--shard is for one machine at a time; with Dask use --shards")
        _extract_dask(list(paths), out, dask_scheduler, dask_local, shards, use_model=not no_model)
        return
    from tqdm import tqdm

    from claimgraph.orchestration.build import count_records, extract_only, parse_shard, save_results

    try:
        shard_spec = parse_shard(shard) if shard else None
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--shard") from None
    # The bar's total (for its ETA): a shard holds about 1/n of the records.
    total = count_records(list(paths)) // (shard_spec[1] if shard_spec else 1)
    errors = []
    bar = tqdm(total=total, unit="paper", dynamic_ncols=True, file=sys.stderr)

    def skipped(error):
        errors.append(error)
        bar.update(1)
        tqdm.write(f"skipped {error.source}: {error.reason}", file=sys.stderr)

    with bar, open(out, "w", encoding="utf-8") as fh:
        results = extract_only(list(paths), use_model=not no_model, n_process=n_process, shard=shard_spec,
                               on_error=skipped)
        n = save_results(_counted(results, bar), fh)
    click.echo(f"Wrote {n:,} results to {out} ({len(errors)} skipped)")
    if errors:
        sys.exit(2)


def _counted(items, bar):
    for item in items:
        bar.update(1)
        yield item


def _extract_dask(paths, out, scheduler, local, shards, *, use_model):
    from distributed import Client, LocalCluster

    from claimgraph.orchestration.distributed import extract_with_dask

    if scheduler and local:
        raise click.UsageError("choose one of --dask-scheduler and --dask-local")
    if local is not None and local < 1:
        raise click.BadParameter("need at least 1 process", param_hint="--dask-local")
    cluster = LocalCluster(n_workers=local, processes=True, threads_per_worker=1) if local else None
    try:
        with Client(cluster if cluster else scheduler) as client:
            workers = len(client.scheduler_info().get("workers", {})) or 1
            n_shards = shards or 2 * workers
            click.echo(f"Extracting {n_shards} shards on {workers} Dask worker(s) at {client.scheduler.address} "
                       f"into {out}", err=True)
            errors = []

            def done(report):
                errors.extend(report.errors)
                state = "already there" if report.skipped else f"{report.seconds:.0f} s"
                click.echo(f"  shard {report.index}/{report.count}: {report.papers:,} papers ({state})", err=True)

            reports = extract_with_dask(paths, out, n_shards, client, use_model=use_model, on_shard=done)
    finally:
        if cluster:
            cluster.close()
    for e in errors:
        click.echo(f"skipped {e.source}: {e.reason}", err=True)
    click.echo(f"Wrote {sum(r.papers for r in reports):,} results in {len(reports)} shard files to {out} "
               f"({len(errors)} skipped). Next: claimgraph load {out}")
    if errors:
        sys.exit(2)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--batch-size", default=64, show_default=True)
def load(paths, batch_size):
    """Write JSON Lines results from `claimgraph extract` into the store (idempotent).

    PATHS are result files or folders of them (*.jsonl, e.g. the shard files of a Dask run).
    """
    _build_lock("load")
    from claimgraph.graph.server import default_home
    from claimgraph.orchestration.build import load as run_load

    with _open_store() as store:
        summary = run_load(list(paths), store, batch_size=batch_size, merge_log=default_home() / "merge_log.jsonl",
                           on_error=lambda e: click.echo(f"skipped {e.source}: {e.reason}", err=True))
    click.echo(f"Papers: {summary.papers_written} written, {summary.papers_unchanged} unchanged, "
               f"{len(summary.skipped)} skipped in {summary.seconds:.1f} s")
    _print_counts(summary.labels, summary.types)
    if summary.skipped:
        sys.exit(2)


@main.group("eval")
def eval_group():
    """Measure extraction quality (figures in docs/extraction.md)."""


@eval_group.command("scierc")
@click.option("--split", default="dev", show_default=True, type=click.Choice(["train", "dev"]))
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Any SciERC-format file (one JSON document a line), e.g. a split that is not shipped; "
                   "instead of --split and --data-dir.")
@click.option("--limit", type=int, help="Only the first N documents.")
@click.option("--data-dir", type=click.Path(path_type=Path), help="SciERC folder (default ../shared/data/scierc).")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Model folder (default: the shipped CNN, extract/models/scierc; "
                   "extract/models/scierc_trf is the MiniLM variant, which needs torch and transformers).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def eval_scierc(ctx, split, file, limit, data_dir, model_dir, fmt):
    """Strict span P/R/F1 of the learned recogniser on SciERC (SciERC types and ours)."""
    from claimgraph.evaluation import scierc

    if file is not None and (data_dir or ctx.get_parameter_source("split") is not ParameterSource.DEFAULT):
        raise click.UsageError("--file names the documents itself; leave out --split and --data-dir")
    kwargs = {"data_dir": data_dir} if data_dir else {}
    report = scierc.evaluate(split, model_dir, limit=limit, file=file, **kwargs)
    click.echo(json.dumps(report, indent=2) if fmt == "json" else scierc.format_report(report))


@eval_group.command("gold")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default="data/gold/entities.jsonl")
@click.option("--corpus", multiple=True, type=click.Path(exists=True, path_type=Path), help="Default: the demo corpus.")
@click.option("--no-model", is_flag=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--show-errors", is_flag=True, help="List the abstracts and fields with misses.")
def eval_gold_cmd(path, corpus, no_model, fmt, show_errors):
    """Per-type P/R/F1 of entities against a hand-labelled file (lenient names, aliases count)."""
    from claimgraph.evaluation.entities import format_report
    from claimgraph.evaluation.run import gold_entities

    report = gold_entities(path, list(corpus) or None, use_model=not no_model)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(format_report(report))
    if show_errors:
        for e in report["errors"]:
            click.echo(f"\n{e['title'][:70]} [{e['field']}]\n  gold: {e['gold']}\n  pred: {e['pred']}")


@eval_group.command("proposed")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-model", is_flag=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--show-errors", is_flag=True, help="List the missed gold methods and the unmatched PROPOSES names.")
def eval_proposed_cmd(path, no_model, fmt, show_errors):
    """Proposed-method recall against a JSON Lines file of papers with `proposed: [{name, full_name}]`.

    Prints recall, the share of papers with any PROPOSES edge, recall over the gold methods
    whose name is written in the abstract, and a precision proxy (the share of PROPOSES
    names that match a gold name of their paper). Matching: names are folded to lower-case
    letters and digits; they match when equal, or when one contains the other and the
    contained one has at least 4 characters. A gold method is found when a PROPOSES name
    or alias of its paper matches its name or full_name.
    """
    from claimgraph.evaluation.proposed import format_report, run as run_proposed

    report = run_proposed(path, use_model=not no_model)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(format_report(report))
    if show_errors:
        for e in report["errors"]:
            missed = [f"{m.get('name')} / {m.get('full_name')}{'' if m['in_abstract'] else ' (not in abstract)'}"
                      for m in e["missed"]]
            click.echo(f"\n{e['title'][:80]}\n  missed: {missed}\n  extra: {e['extra']}\n  predicted: {e['predicted']}")


@eval_group.command("claims")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default="data/gold/claims.jsonl")
@click.option("--corpus", multiple=True, type=click.Path(exists=True, path_type=Path), help="Default: the demo corpus.")
@click.option("--no-model", is_flag=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--show-errors", is_flag=True, help="List missed gold claims and unmatched predictions.")
def eval_claims_cmd(path, corpus, no_model, fmt, show_errors):
    """Claim precision/recall: subject, effect polarity and target must match after resolution."""
    from claimgraph.evaluation.claims import format_report
    from claimgraph.evaluation.run import gold_claims

    report = gold_claims(path, list(corpus) or None, use_model=not no_model)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(format_report(report))
    if show_errors:
        for m in report["misses"]:
            click.echo(f"MISS  {m['title'][:50]}: {m['subject']} | {'not ' if m['negated'] else ''}{m['effect']} | {m['target']}")
        for f in report["false_alarms"]:
            click.echo(f"EXTRA {f['title'][:50]}: {f['claim']}")


def _asker(store, limit: int, understanding: str = "semantic"):
    """A question -> the entity names its answer shows (evaluation.questions.Ask)."""
    from claimgraph.evaluation.questions import Asked, row_names
    from claimgraph.questions.answer import answer, answer_names
    from claimgraph.questions.understand import ask as run_ask

    def ask_semantic(text: str) -> Asked:
        result = answer(store, text, limit=limit)
        names, related = answer_names(result)
        return Asked(names=names, related=related, rows=len(result.rows) + len(result.related) + len(result.fallback),
                     reading="; ".join(result.reading), ms=result.elapsed_ms)

    if understanding == "semantic":
        return ask_semantic

    def ask(text: str) -> Asked:
        started = time.perf_counter()
        parsed, answer = run_ask(store, text, limit=limit)
        rows = answer.rows if answer else []
        return Asked(names=[n for row in rows for n in row_names(row)], rows=len(rows), reading=parsed.title,
                     ms=(time.perf_counter() - started) * 1000)

    return ask


@eval_group.command("questions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                default="data/questions/questions.jsonl")
@click.option("--paraphrases", type=click.Path(dir_okay=False, path_type=Path),
              default="data/questions/card_paraphrases.jsonl", show_default=True,
              help="Paraphrases of the card's question, asked of the demo graph (skipped if missing).")
@click.option("--no-paraphrases", is_flag=True, help="Ask only the questions of PATH (e.g. a dev file).")
@click.option("--graph3000-home", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="CLAIMGRAPH_HOME of a graph built from data/questions/graph3000.jsonl; without it the "
                   "graph3000 questions are skipped.")
@click.option("--limit", default=50, show_default=True, help="Rows per answer (as `claimgraph ask` shows).")
@click.option("--understanding", type=click.Choice(["semantic", "catalogue"]), default="semantic", show_default=True,
              help="semantic: questions/answer.py (meaning, related answers, fallback); catalogue: the phrasings "
                   "of questions/understand.py alone (the figure before the semantic layer).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def eval_questions_cmd(path, paraphrases, no_paraphrases, graph3000_home, limit, understanding, fmt):
    """How many expected names the answers contain (data/questions/QUESTIONS.md scoring rule).

    Questions of corpus "demo" are asked of the current store (build the demo graph first);
    "graph3000" ones of the store in --graph3000-home.
    """
    from claimgraph.evaluation import questions as qeval
    from claimgraph.graph.store import open_store

    stores = {"demo": _open_store()}
    if graph3000_home:
        stores["graph3000"] = open_store(graph3000_home)
    try:
        askers = {corpus: _asker(store, limit, understanding) for corpus, store in stores.items()}
        sets = [("questions", qeval.score(qeval.load(path), lambda q: askers.get(q.get("corpus", "demo"))))]
        if paraphrases.is_file() and not no_paraphrases:
            sets.append(("card paraphrases", qeval.score(qeval.load(paraphrases), lambda q: askers["demo"])))
    finally:
        for store in stores.values():
            store.close()
    if fmt == "json":
        click.echo(json.dumps({name: qeval.as_json(r) for name, r in sets}, indent=2, ensure_ascii=False))
        return
    if not graph3000_home:
        click.echo("graph3000 questions skipped: give --graph3000-home (a graph built from "
                   "data/questions/graph3000.jsonl)", err=True)
    for name, report in sets:
        click.echo(qeval.format_report(name, report))


# ---------------------------------------------------------------- questions


def _with_agreement(row: dict) -> dict:
    """A claim row's support / contrast counts as one readable column ("2 papers support · 1 contrast")."""
    if "support" not in row:
        return row
    n, m = row.get("support") or 0, row.get("contrast") or 0
    return {**row, "papers": f"{n} paper{'s' if n != 1 else ''} support · {m} contrast" if n or m else None}


def _compact(rows: list[dict], drop: set[str]) -> list[dict]:
    """Rows for a table: no ids or labels, no columns that say nothing in any row."""
    cols = [c for c in (rows[0] if rows else {}) if c not in drop and not c.endswith(("_id", "_label"))
            and any(r.get(c) not in (None, False, [], "") for r in rows)]
    return [{"#": i, **{c: r.get(c) for c in cols}} for i, r in enumerate(rows, start=1)]


SHOWN_VALUES = 8   # a broad name resolves to hundreds of keys ("robustness": 150 at 92k papers)


def shortened(params: dict, keep: int = SHOWN_VALUES) -> tuple[dict, bool]:
    """Query parameters with every list longer than `keep` cut to its first `keep` values and a
    "… N more" marker, for reading; and whether anything was cut."""
    cut = False

    def short(value):
        nonlocal cut
        if isinstance(value, dict):
            return {k: short(v) for k, v in value.items()}
        if isinstance(value, list) and len(value) > keep:
            cut = True
            return [*value[:keep], f"… {len(value) - keep} more"]
        return value
    return {k: short(v) for k, v in params.items()}, cut


@main.command()
@click.argument("text")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", default=50, show_default=True, help="Row limit.")
@click.option("--include-negated", is_flag=True, help="Also claims saying the effect does NOT happen.")
def ask(text, fmt, limit, include_negated):
    """Answer a question in plain words, through the question catalogue.

    \b
    Examples:
      claimgraph ask "methods that improve OOD on CLIP"
      claimgraph ask "what does mixup improve"
      claimgraph ask "datasets for domain generalization"
      claimgraph ask "papers about sharpness"
      claimgraph ask "methods applied to CLIP"
      claimgraph ask "claims about sharpness and generalization"
      claimgraph ask "contested claims"

    Prints how the question was read (and what was assumed), the answer with its
    evidence sentences, and the Cypher with its parameters. `claimgraph questions`
    lists the catalogue.
    """
    from claimgraph.questions.answer import answer as run_answer
    from claimgraph.questions.understand import EXAMPLES, suggestions

    with _open_store() as store:
        result = run_answer(store, text, limit=limit, include_negated=include_negated)
        parsed, answer = result.parsed, result.answer
        hints = suggestions(store, parsed) if answer is None and parsed.question_id else {}
    if fmt == "json":
        out = result.to_json()
        out.update(interpretation=parsed.title, assumptions=parsed.notes)
        if answer is None:
            out["unresolved"], out["suggestions"] = parsed.unresolved, hints
        click.echo(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        sys.exit(0 if answer else 1)
    click.secho(f"Question: {parsed.title}", bold=True)
    for line in result.reading[1:]:
        click.echo(f"  read: {line}")
    if answer is None:
        if parsed.question_id is None:
            click.echo(f'"{text}" matches no question phrasing and names no entity.')
            click.echo("Questions look like: " + "; ".join(f'"{e}"' for e in EXAMPLES))
        for slot, words in parsed.unresolved.items():
            names = hints.get(slot)
            click.echo(f'No entity in the graph is named "{words}"'
                       + (f"; closest names: {', '.join(names)}" if names else ""))
    else:
        click.echo()
        evidence_cols = [c for c in ("evidence", "other_evidence") if answer.rows and c in answer.rows[0]]
        # the table shows the effect as read ("does not correlate with"); JSON keeps the effect word too
        read_as = {c for c in ("effect", "other_effect") if answer.rows and f"{c}_text" in answer.rows[0]}
        shown = [_with_agreement(r) for r in answer.rows]
        print_rows(_compact(shown, set(evidence_cols) | read_as | {"support", "contrast"}), "table")
        if not answer.rows:
            broader = [f'"claims about {v}"' for k, v in answer.slots.items() if v and k != "effect"]
            click.echo("No claims or papers match. Broader: " + "; ".join(broader) if broader else "No rows.")
        if evidence_cols:
            click.echo("\nEvidence:")
            for i, row in enumerate(answer.rows, start=1):
                for col in evidence_cols:
                    title = row.get("other_paper_title" if col.startswith("other") else "paper_title") or ""
                    if row.get(col):
                        click.echo(f"  [{i}] {row[col]}  ({title})")
    for heading, rows in (("Related (reached by meaning, not a direct answer)", result.related),
                          ("No extracted claim matches: evidence sentences from relevant papers", result.fallback)):
        if rows:
            click.secho(f"\n{heading}:", bold=True)
            for row in rows:
                names = ", ".join(row.get("names") or []) or "-"
                click.echo(f"  {names}: {row['reason']}")
                if row.get("evidence"):
                    click.echo(f"      \"{row['evidence']}\" ({row.get('paper_title') or ''})")
    if answer is not None:
        click.echo("\nCypher:")
        click.echo("\n".join("  " + line for line in answer.cypher.strip().splitlines()))
        params, cut = shortened(answer.params)
        click.echo("Parameters: " + json.dumps(params, ensure_ascii=False)
                   + ("\n  (long lists shortened; `--format json` gives them whole)" if cut else ""))
        click.echo(f"({len(answer.rows)} row{'s' if len(answer.rows) != 1 else ''} in {answer.elapsed_ms:.1f} ms; "
                   f"{result.elapsed_ms:.1f} ms with the semantic steps)")
    if answer is None:   # not understood (the evidence shown is a way forward, not an answer)
        sys.exit(1)


@main.group()
def concepts():
    """Concept groups: SAME_AS links between names of one thing, with their provenance.

    Links are made only where certain (an acronym definition, or a measured similarity
    threshold); `undo` removes one for good (a cannot-link kept in the store's home),
    `accept` adds one. Both survive rebuilds.
    """


def _concept_links(store) -> list[dict]:
    from claimgraph.graph.semantic import same_as_links

    return same_as_links(store)


@concepts.command("list")
@click.option("--label", help="Only this entity label (Method, Dataset, ...).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def concepts_list(label, fmt):
    """Every SAME_AS link: the two names, the rule, the score."""
    with _open_store() as store:
        rows = [r for r in _concept_links(store) if not label or r["label"] == label]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    print_rows([{"label": r["label"], "a": r["a_name"], "b": r["b_name"], "rule": r["rule"],
                 "score": r["score"]} for r in rows], "table")


@concepts.command("explain")
@click.argument("name")
def concepts_explain(name):
    """The group a name belongs to and why each link was made."""
    from claimgraph.schema.keys import normalize_key

    key = normalize_key(name)
    with _open_store() as store:
        rows = [r for r in _concept_links(store) if key in (r["a"], r["b"])
                or name.lower() in (str(r["a_name"]).lower(), str(r["b_name"]).lower())]
    if not rows:
        click.echo(f'"{name}" is in no concept group.')
        return
    for r in rows:
        click.echo(f"{r['label']}: {r['a_name']} SAME_AS {r['b_name']}  rule={r['rule']} score={r['score']} "
                   f"model={r['model'] or '-'} papers={', '.join(r['paper_ids'] or []) or '-'}")


def _decide(label: str, a: str, b: str, accept: bool) -> None:
    from claimgraph.orchestration.semantic import decisions_path, refresh
    from claimgraph.schema.keys import normalize_key
    from claimgraph.semantic.concepts import Decisions

    with _open_store() as store:
        decisions = Decisions(decisions_path(store))
        (decisions.accept if accept else decisions.undo)(label, normalize_key(a), normalize_key(b))
        done = refresh(store)
    click.echo(f"{'Accepted' if accept else 'Undone (kept as cannot-link)'}: {label} {a} / {b}; "
               f"{done.links_written} link(s) written, {done.links_removed} removed; decisions in {decisions.path}")


@concepts.command("accept")
@click.argument("label")
@click.argument("a")
@click.argument("b")
def concepts_accept(label, a, b):
    """Link two names of LABEL as one concept (kept across rebuilds)."""
    _decide(label, a, b, True)


@concepts.command("undo")
@click.argument("label")
@click.argument("a")
@click.argument("b")
def concepts_undo(label, a, b):
    """Remove the link between two names of LABEL and never propose it again."""
    _decide(label, a, b, False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def questions(fmt):
    """List the question catalogue: ids, titles, slots (what `claimgraph ask` can answer)."""
    from claimgraph.graph.catalogue import catalogue

    items = [{"id": q.id, "title": q.title, "description": q.description,
              "slots": [{"name": s.name, "kind": s.kind, "optional": s.optional} for s in q.slots],
              "cypher": q.cypher.strip()} for q in catalogue()]
    if fmt == "json":
        click.echo(json.dumps(items, indent=2))
        return
    for q in items:
        slots = ", ".join(f"{s['name']} ({s['kind']}{', optional' if s['optional'] else ''})" for s in q["slots"])
        click.secho(q["id"], bold=True)
        click.echo(f"  {q['title']}\n  slots: {slots}\n  {q['description']}\n")


if __name__ == "__main__":
    main()
