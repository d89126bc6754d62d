"""Input never runs code, reads other files or reaches the network.

* the package source is checked for unsafe loaders (``yaml.load``/``unsafe_load``,
  ``pickle``/``joblib``/``marshal`` loads outside the two worker-pool payloads,
  ``eval``/``exec``, ``os.system``, ``shell=True``, network clients);
* YAML configs, lexicons and dictionaries with ``!!python/...`` tags are refused
  with a clear error and the tag's code does not run;
* HTML with external entities (XXE), XInclude and stylesheets does not read the
  files they name;
* a representative workload (read the seed, HTML with remote assets, every
  extractor, the comparisons, a reproducible run) makes no network connection;
* nothing in ``framing.classify`` saves or loads trained models.
"""

from __future__ import annotations

import ast
import socket
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import framing

PACKAGE = Path(framing.__file__).resolve().parent
ROOT = PACKAGE.parent
SEED = ROOT / "seeds" / "000_255c166a244f911a.txt"

#: calls that load code or objects, or reach out of the process
_FORBIDDEN_ATTRS = {
    ("yaml", "load"), ("yaml", "load_all"), ("yaml", "unsafe_load"), ("yaml", "unsafe_load_all"),
    ("yaml", "full_load"), ("yaml", "full_load_all"), ("yaml", "Loader"), ("yaml", "UnsafeLoader"),
    ("yaml", "FullLoader"), ("pickle", "load"), ("pickle", "loads"), ("pickle", "Unpickler"),
    ("joblib", "load"), ("marshal", "load"), ("marshal", "loads"), ("shelve", "open"), ("os", "system"),
    ("os", "popen"), ("trafilatura", "fetch_url"), ("urllib", "request"), ("request", "urlopen"),
    ("pd", "read_pickle"), ("pandas", "read_pickle"), ("np", "load"), ("numpy", "load"),
}
_FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__"}
_FORBIDDEN_IMPORTS = {"requests", "urllib.request", "http.client", "httpx", "aiohttp", "socket", "ftplib",
                      "smtplib", "telnetlib", "dill", "cloudpickle", "shelve"}
#: the only allowed uses, each with the reason it is safe
_ALLOWED = {
    ("stream.py", "pickle.loads"): "worker processes unpickle the state the parent pickled (never a user file)",
    ("parallel.py", "pickle.loads"): "worker processes unpickle the extractor the parent pickled (never a user file)",
}


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _unsafe_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(PACKAGE).as_posix()}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute):
            name = _dotted(node)
            if name and tuple(name.split(".")[-2:]) in _FORBIDDEN_ATTRS:
                if (path.name, ".".join(name.split(".")[-2:])) not in _ALLOWED:
                    found.append(f"{where}: {name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FORBIDDEN_NAMES:
            found.append(f"{where}: {node.func.id}()")
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "shell" and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                    found.append(f"{where}: shell=True")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name in _FORBIDDEN_IMPORTS or any(name.startswith(f + ".") for f in _FORBIDDEN_IMPORTS):
                    found.append(f"{where}: import {name}")
    return found


def test_package_source_has_no_unsafe_loaders_eval_or_network_clients() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    found = [use for path in files for use in _unsafe_uses(path)]
    assert not found, "unsafe calls in the package (make them safe or justify them in _ALLOWED):\n" + "\n".join(found)


def test_the_checker_finds_what_it_looks_for(tmp_path: Path) -> None:
    bad = PACKAGE / "_robustness_probe_should_not_exist.py"
    assert not bad.exists()
    sample = tmp_path / "sample.py"
    sample.write_text("import yaml, pickle, os, requests\nyaml.load(s)\nyaml.unsafe_load(s)\npickle.load(f)\n"
                      "eval('1')\nexec('x=1')\nos.system('ls')\nimport subprocess\nsubprocess.run('ls', shell=True)\n",
                      encoding="utf-8")
    original = globals()["PACKAGE"]
    try:
        globals()["PACKAGE"] = tmp_path
        found = _unsafe_uses(sample)
    finally:
        globals()["PACKAGE"] = original
    text = "\n".join(found)
    for needle in ("yaml.load", "yaml.unsafe_load", "pickle.load", "eval()", "exec()", "os.system", "shell=True",
                   "import requests"):
        assert needle in text, needle


# --------------------------------------------------------------------------- YAML tags

_PAYLOADS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{marker}']]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
]


@pytest.mark.parametrize("payload", _PAYLOADS)
def test_run_config_with_python_tags_is_refused(tmp_path: Path, payload: str) -> None:
    from framing.config import ConfigError, load_config

    marker = tmp_path / "pwned"
    config = tmp_path / "config.yaml"
    config.write_text(f"corpus:\n  source: {SEED}\nreport:\n  title: {payload.format(marker=marker)}\n",
                      encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    message = str(info.value)
    assert "config.yaml" in message and ("python" in message or "tag" in message), message
    assert not marker.exists()


@pytest.mark.parametrize("payload", _PAYLOADS)
def test_lexicon_with_python_tags_is_refused(tmp_path: Path, payload: str) -> None:
    from framing.lexicons.schema import LexiconError, load_lexicon

    marker = tmp_path / "pwned"
    lexicon = tmp_path / "evil.yaml"
    lexicon.write_text(
        "name: evil\ndescription: test\nconcepts:\n  c:\n    labels:\n      l:\n        variants:\n"
        f"          - {payload.format(marker=marker)}\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon(lexicon)
    assert "evil.yaml" in str(info.value)
    assert not marker.exists()
    # the same file as a dictionary (DictionaryFeatures reads lexicons through the same loader)
    from framing.extract.dictionary import DictionaryFeatures

    with pytest.raises(ValueError):
        DictionaryFeatures(path=lexicon).fit(["text"])
    assert not marker.exists()


def _alias_chain(depth: int = 9) -> str:
    """A flow list whose last element expands to 10**depth strings (billion laughs)."""
    parts = ["&a0 [x, x, x, x, x, x, x, x, x, x]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, depth)]
    return "[" + ", ".join(parts) + "]"


@pytest.mark.parametrize("where", [
    "a0: {bomb}\ncorpus:\n  source: {seed}\n",
    "corpus:\n  source: {seed}\n  filters:\n    outlet: {bomb}\n",
    "corpus:\n  source: {seed}\nreport:\n  description: {bomb}\n",
    "corpus:\n  source: {seed}\n  read: {{text_col: {bomb}}}\n",
    "corpus:\n  source: {seed}\nextract:\n  - {bomb}\n",
    "corpus:\n  source: {seed}\nextract:\n  - wording:\n      lexicons: {bomb}\n",
])
def test_yaml_alias_bomb_in_config_is_refused_quickly(tmp_path: Path, where: str) -> None:
    """A billion-laughs alias chain is refused without expanding it (the line-number walk and the
    error message used to follow every alias)."""
    from framing.config import ConfigError, load_config

    config = tmp_path / "bomb.yaml"
    config.write_text(where.format(bomb=_alias_chain(), seed=SEED), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert len(str(info.value)) < 2000


def test_yaml_alias_bomb_in_lexicon_is_refused(tmp_path: Path) -> None:
    from framing.lexicons.schema import LexiconError, load_lexicon

    lexicon = tmp_path / "bomb.yaml"
    lexicon.write_text("name: bomb\ndescription: d\nconcepts:\n  c:\n    labels:\n      l:\n"
                       f"        variants: {_alias_chain()}\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        load_lexicon(lexicon)


# --------------------------------------------------------------------------- HTML entities


def test_html_external_entities_are_not_read(tmp_path: Path) -> None:
    from framing.corpus.read import read_corpus_with_rejects
    from framing.corpus.scrape import parse_html

    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a", encoding="utf-8")
    body = ("<p>Delegations from both sides met on Thursday for a new round of talks in the city, officials "
            "said, after weeks of clashes.</p><p>Both sides agreed to meet again next month, according to "
            "a joint statement released after the meeting.</p>")
    pages = [
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f"<html><body><article><h1>Talks &xxe;</h1>{body}<p>&xxe;</p></article></body></html>",
        f'<!DOCTYPE html [<!ENTITY % p SYSTEM "file://{secret}"> %p;]><html><body>{body}</body></html>',
        f'<html xmlns:xi="http://www.w3.org/2001/XInclude"><body><article>{body}'
        f'<xi:include href="file://{secret}" parse="text"/></article></body></html>',
        f'<?xml-stylesheet type="text/xsl" href="file://{secret}"?><html><body>{body}</body></html>',
        f'<html><body><iframe src="file://{secret}"></iframe><object data="file://{secret}"></object>{body}'
        f'<img src="file://{secret}"></body></html>',
    ]
    for i, page in enumerate(pages):
        result = parse_html(page)
        assert "TOPSECRET" not in repr(result), i
        assert "Delegations" in result["text"] or "Delegations" in result["boilerplate"], i
        path = tmp_path / f"page{i}.html"
        path.write_text(page, encoding="utf-8")
        corpus, rejects = read_corpus_with_rejects(path)
        assert "TOPSECRET" not in corpus.to_json(date_format="iso") + rejects.to_json(date_format="iso"), i


# --------------------------------------------------------------------------- no network


class _NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way out of the process through sockets raises and is recorded."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:2] if name.startswith('socket.') else args[:1]}")
            raise _NetworkUsed(f"network access attempted: {name}")
        return call

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    return attempts


def test_no_network_during_a_representative_workload(no_network: list[str], tmp_path: Path) -> None:
    from framing.compare import compare_corpus
    from framing.compare.events import match_events
    from framing.compare.similarity import outlet_similarity
    from framing.corpus.read import read_corpus_with_rejects
    from framing.corpus.scrape import parse_html
    from framing.extract import EXTRACTORS, get_extractor_class
    from framing.extract.dictionary import parse_csv

    seed, _ = read_corpus_with_rejects(SEED)
    assert len(seed) == 1
    page = ("<html><head><link rel='stylesheet' href='https://example.com/s.css'>"
            "<script src='https://example.com/a.js'></script><meta http-equiv='refresh' content='0;url=https://example.com'>"
            "<base href='https://example.com/'></head><body><article><h1>Talks resume</h1>"
            "<img src='https://example.com/photo.jpg' srcset='https://example.com/2x.jpg 2x'>"
            "<p>MOSCOW (Reuters) - Rebels said on Thursday the regime had fallen, officials said, "
            "after weeks of clashes around the city.</p><p>\"We are ready,\" one commander told reporters "
            "according to a statement.</p><iframe src='https://example.com/embed'></iframe></article></body></html>")
    html = tmp_path / "page.html"
    html.write_text(page, encoding="utf-8")
    assert parse_html(page, url="https://example.com/article")["text"]
    pages, _ = read_corpus_with_rejects(html)
    more = pd.DataFrame({"id": ["b", "c", "d"], "outlet": ["B", "B", "A"],
                         "text": ["Rebels seized the city, officials said. The regime collapsed.",
                                  "Opposition fighters took the city, sources said.",
                                  "The insurgents advanced as President Bashar al-Assad fled, a spokesman said."]})
    extra, _ = read_corpus_with_rejects(more)
    corpus = pd.concat([seed.assign(outlet="A"), pages.assign(outlet="B"), extra], ignore_index=True)
    features = []
    mentions = {}
    for name in EXTRACTORS:
        params = {"path": parse_csv("term,category\nrebel*,conflict\nsaid,speech\n")} if name == "dictionary" else {}
        f, m = get_extractor_class(name)(**params).fit(corpus).extract(corpus)
        features.append(f)
        mentions[name] = m
    result = compare_corpus(corpus, mentions["wording"], n_boot=50, n_permutations=50)
    assert len(result.fighting_words)
    match_events(corpus)
    outlet_similarity(pd.concat(features, axis=1).reset_index(drop=True), corpus["outlet"].tolist(), n_boot=5)
    assert no_network == []


def test_no_network_during_a_run(no_network: list[str], tmp_path: Path) -> None:
    from framing.run import run

    config = {"corpus": {"source": str(SEED)}}
    result = run(config, tmp_path / "out")
    assert (result.out_dir / "manifest.json").is_file()
    assert no_network == []


def test_the_network_guard_works(no_network: list[str]) -> None:
    with pytest.raises(_NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(_NetworkUsed):
        socket.socket().connect(("127.0.0.1", 9))
    assert len(no_network) == 2


# --------------------------------------------------------------------------- trained models


def test_classify_saves_and_loads_no_model_files() -> None:
    """Trained models stay in memory: nothing in classify pickles, joblib-dumps or loads a model file.

    If saving is ever added, its documentation must say that pickle/joblib files run code when
    loaded and must only be loaded from trusted sources.
    """
    source = (PACKAGE / "classify.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    names = {(_dotted(n) or "") for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not {n for n in names if n.split(".")[0] in ("pickle", "joblib", "dill", "cloudpickle", "skops")}
    if "dump" in source or "save_model" in source:  # pragma: no cover - a reminder for whoever adds it
        assert "trusted" in source, "document that saved model files must come from a trusted source"


# --------------------------------------------------------------------------- output paths


@pytest.mark.parametrize("name", ["../../escape", "/etc/evil", "..", "a/../../b", "sub/dir", "x\x00y", "~/x",
                                  "$HOME/x", "..\\..\\x", "\u202e"])
def test_config_names_cannot_escape_the_output_folder(tmp_path: Path, name: str) -> None:
    """Names that become file names are refused before any work or folder is made."""
    from framing.config import ConfigError
    from framing.run import run

    config = {"corpus": {"source": str(SEED)}, "classify": [{"target": "outlet", "name": name}]}
    with pytest.raises(ConfigError, match="not a plain file name"):
        run(config, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []
