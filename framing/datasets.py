"""Real media bias and framing datasets, loaded by name into corpus tables.

Five multi-outlet news datasets are known by name (see :data:`DATASETS` and
``docs/datasets.md``). Their files are not shipped with the package: they live in
one folder, one sub-folder per dataset (``<folder>/basil/articles.jsonl.gz``, ...),
and :func:`data_dir` finds that folder through the ``FRAMING_DATA_DIR``
environment variable (else ``./data``).

:func:`load_dataset` reads a dataset with :func:`framing.read_corpus`, so the
result has the canonical corpus columns first; every label and annotation field
of the dataset follows as an extra column, untouched.

Examples
--------
>>> sorted(DATASETS)
['allsides_abp', 'babe', 'basil', 'narrative_frames', 'pac']
>>> DATASETS["basil"].records["articles"]
300
>>> DATASETS["babe"].subsets
('articles', 'sentences', 'SG2', 'SG1', 'MBIC')
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pandas as pd

logger = logging.getLogger(__name__)

#: Environment variable naming the folder that holds the dataset folders.
DATA_DIR_ENV = "FRAMING_DATA_DIR"


@dataclass(frozen=True)
class DatasetInfo:
    """Description of one known dataset.

    Attributes
    ----------
    name : str
        Name used by :func:`load_dataset` and the folder name under the data folder.
    title : str
        Full name of the dataset.
    unit : str
        What one record of the default subset is (``"article"`` or ``"sentence"``).
    files : dict
        Subset name -> file inside ``<data folder>/<name>/``.
    records : dict
        Subset name -> expected number of records (from the dataset's README).
    filters : dict
        Subset name -> ``(column, value)`` for subsets that are a filter of a file.
    fill : dict
        Canonical column -> dataset column that fills it where it is empty
        (the dataset column is kept as well).
    repository : str
        Source repository on GitHub (``owner/name``).
    commit : str
        Commit of the source repository the data was converted from.
    license : str
        License as stated by the source.
    paper : str
        Short reference of the paper that introduced the dataset.
    citation : str
        BibTeX entry to cite.
    labels : tuple of str
        Main label / annotation columns kept as extra columns.
    description : str
        One-paragraph summary.
    """

    name: str
    title: str
    unit: str
    files: Mapping[str, str]
    records: Mapping[str, int]
    repository: str
    commit: str
    license: str
    paper: str
    citation: str
    labels: tuple[str, ...] = ()
    description: str = ""
    filters: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    fill: Mapping[str, str] = field(default_factory=dict)

    @property
    def subsets(self) -> tuple[str, ...]:
        """Names accepted by ``load_dataset(name, subset=...)``; the first is the default."""
        return tuple(self.records)

    @property
    def default_subset(self) -> str:
        """The subset loaded when ``subset`` is not given."""
        return self.subsets[0]

    @property
    def url(self) -> str:
        """Address of the source repository."""
        return f"https://github.com/{self.repository}"


_BASIL_BIB = """@inproceedings{mediabias2019,
    title = "In Plain Sight: Media Bias Through the Lens of Factual Reporting",
    author = "Fan, Lisa  and
      White, Marshall  and
      Sharma, Eva  and
      Su, Ruisi  and
      Choubey, Prafulla Kumar  and
      Huang, Ruihong  and
      Wang, Lu",
    booktitle = "Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing",
    year = "2019",
    publisher = "Association for Computational Linguistics"
}"""

# The source README lacks the "and" after "Kaijian"; it is added here so the entry parses.
_PAC_BIB = """@inproceedings{zou-etal-2023-crossing,
    title = "Crossing the Aisle: Unveiling Partisan and Counter-Partisan Events in News Reporting",
    author = "Zou, Kaijian and
      Zhang, Xinliang Frederick and
      Wu, Winston and
      Beauchamp, Nicholas  and
      Wang, Lu",
    booktitle = "Findings of the 2023 Conference on Empirical Methods in Natural Language Processing, {EMNLP} 2023",
    year = "2023",
    publisher = "Association for Computational Linguistics",
}"""

# The source README lacks the comma after "year = {2020}"; it is added here so the entry parses.
_ABP_BIB = """@inproceedings{baly2020we,
  author      = {Baly, Ramy and Da San Martino, Giovanni and Glass, James and Nakov, Preslav},
  title       = {We Can Detect Your Bias: Predicting the Political Ideology of News Articles},
  booktitle   = {Proceedings of the 2020 Conference on Empirical Methods in Natural Language Processing (EMNLP)},
  series      = {EMNLP~'20},
  NOmonth     = {November},
  year        = {2020},
  pages       = {4982--4991},
  NOpublisher = {Association for Computational Linguistics}
}"""

_BABE_BIB = """@InProceedings{Spinde2021f,
    title = "Neural Media Bias Detection Using Distant Supervision With {BABE} - Bias Annotations By Experts",
    author = "Spinde, Timo  and
      Plank, Manuel  and
      Krieger, Jan-David  and
      Ruas, Terry  and
      Gipp, Bela  and
      Aizawa, Akiko",
    booktitle = "Findings of the Association for Computational Linguistics: EMNLP 2021",
    month = nov,
    year = "2021",
    address = "Punta Cana, Dominican Republic",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/2021.findings-emnlp.101",
    doi = "10.18653/v1/2021.findings-emnlp.101",
    pages = "1166--1177",
}"""

_NARRATIVE_BIB = """@inproceedings{frermann-etal-2023-conflicts,
    title = "Conflicts, Villains, Resolutions: Towards models of Narrative Media Framing",
    author = "Frermann, Lea  and
      Li, Jiatong  and
      Khanehzar, Shima  and
      Mikolajczak, Gosia",
    booktitle = "Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)",
    month = jul,
    year = "2023",
    address = "Toronto, Canada",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/2023.acl-long.486",
    pages = "8712--8732",
}"""

#: Known datasets: name -> :class:`DatasetInfo`.
DATASETS: dict[str, DatasetInfo] = {
    "basil": DatasetInfo(
        name="basil",
        title="BASIL: Bias Annotation Spans on the Informational Level",
        unit="article",
        files={"articles": "articles.jsonl.gz"},
        records={"articles": 300},
        repository="launchnlp/BASIL",
        commit="4fdbc4f68d5ddae648990063cb6dd11424d96222",
        license="none stated (article texts: publishers' copyright, research use)",
        paper="Fan et al., In Plain Sight: Media Bias Through the Lens of Factual Reporting, EMNLP 2019",
        citation=_BASIL_BIB,
        labels=("event_title", "article_annotations", "spans", "sentences"),
        description="100 events x 3 outlets (Fox News, New York Times, HuffPost), 2010-2019, "
        "with expert lexical and informational bias spans and article-level stance.",
    ),
    "pac": DatasetInfo(
        name="pac",
        title="PAC: Partisan and Counter-partisan events",
        unit="article",
        files={"articles": "articles.jsonl.gz"},
        records={"articles": 304},
        repository="launchnlp/Partisan-Event-Dataset",
        commit="3d9e5815bb0fd7c505cd1669930918617670f80d",
        license="none stated (article texts: publishers' copyright, research use)",
        paper="Zou et al., Crossing the Aisle: Unveiling Partisan and Counter-Partisan Events "
        "in News Reporting, Findings of EMNLP 2023",
        citation=_PAC_BIB,
        labels=("relative_ideology", "absolute_ideology", "media_ideology", "split", "topic", "events",
                "entity_list", "sentences"),
        description="152 stories x 2 articles from outlets of opposite ideology (71 outlets, "
        "2012-2023); event triggers labelled partisan / counter-partisan / neutral.",
    ),
    "allsides_abp": DatasetInfo(
        name="allsides_abp",
        title="AllSides Article-Bias-Prediction (stratified subset)",
        unit="article",
        files={"articles": "articles.jsonl.gz"},
        records={"articles": 20700},
        repository="ramybaly/Article-Bias-Prediction",
        commit="ced8111a720948e6a410e52031ace99c4e53f096",
        license="Apache-2.0 (repository; article texts: publishers' copyright, research use)",
        paper="Baly et al., We Can Detect Your Bias: Predicting the Political Ideology of News "
        "Articles, EMNLP 2020",
        citation=_ABP_BIB,
        labels=("bias_label", "bias", "topic", "split_media", "split_random"),
        fill={"byline": "authors"},
        description="20,700 of 37,554 AllSides articles (491 outlets, 108 topics), article "
        "bias left/center/right, with the official media-based and random splits.",
    ),
    "babe": DatasetInfo(
        name="babe",
        title="BABE (Bias Annotations By Experts) and MBIC",
        unit="article",
        files={
            "articles": "articles.jsonl.gz",
            "sentences": "sentences.jsonl.gz",
            "SG2": "sentences.jsonl.gz",
            "SG1": "sentences.jsonl.gz",
            "MBIC": "sentences.jsonl.gz",
        },
        records={"articles": 984, "sentences": 7074, "SG2": 3674, "SG1": 1700, "MBIC": 1700},
        filters={"SG2": ("subset", "SG2"), "SG1": ("subset", "SG1"), "MBIC": ("subset", "MBIC")},
        repository="Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE",
        commit="fb79f646dcabf1746f5ebedc06ed8dd61ba78188",
        license="AGPL-3.0 (repository license; no separate data license; texts: publishers' copyright)",
        paper="Spinde et al., Neural Media Bias Detection Using Distant Supervision With BABE - "
        "Bias Annotations By Experts, Findings of EMNLP 2021",
        citation=_BABE_BIB,
        labels=("outlet_type", "topic", "label_bias", "label_opinion", "biased_words", "subset"),
        description="Sentences labelled biased / non-biased and by opinion type, with biased words "
        "(SG2 = BABE 3,674 expert sentences; SG1 1,700 expert and MBIC 1,700 crowd labels of the "
        "same sentences), plus 984 full MBIC source articles.",
    ),
    "narrative_frames": DatasetInfo(
        name="narrative_frames",
        title="Narrative Frames Corpus (climate change)",
        unit="article",
        files={"articles": "articles.jsonl.gz"},
        records={"articles": 428},
        repository="phenixace/narrative-framing",
        commit="197314dfe86838e20420894bc3dfa285814dc04c",
        license="MIT (Copyright (c) 2023 Lea Frermann; article texts: publishers' copyright)",
        paper="Frermann et al., Conflicts, Villains, Resolutions: Towards models of Narrative "
        "Media Framing, ACL 2023",
        citation=_NARRATIVE_BIB,
        labels=("mbfc_bias", "frames", "entity_roles", "question_annotations"),
        description="428 climate-change articles (2017-2019, 36 outlets) with five narrative frames "
        "(resolution, human interest, conflict, moral, economic) and hero/villain/victim roles.",
    ),
}


class UnknownDatasetError(KeyError, ValueError):
    """Raised for a dataset name (or subset) that is not known."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the dataset folders.

    Parameters
    ----------
    path : str or path-like, optional
        Folder to use. When not given, the ``FRAMING_DATA_DIR`` environment
        variable is used, else ``./data`` in the working directory.

    Returns
    -------
    pathlib.Path
        The folder (it is not required to exist).

    Examples
    --------
    >>> data_dir("/srv/datasets").as_posix()
    '/srv/datasets'
    """
    if path is not None:
        return Path(path).expanduser()
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    if value:
        return Path(value).expanduser()
    return Path.cwd() / "data"


def _info(name: str) -> DatasetInfo:
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a string, got {type(name).__name__}")
    info = DATASETS.get(name.strip().lower())
    if info is None:
        raise UnknownDatasetError(
            f"unknown dataset {name!r}; known datasets: {', '.join(sorted(DATASETS))}"
        )
    return info


def dataset_path(name: str, *, data_dir: str | os.PathLike[str] | None = None,
                 subset: str | None = None) -> Path:
    """Return the file a dataset (subset) is read from, whether it exists or not.

    Parameters
    ----------
    name : str
        Dataset name (see :data:`DATASETS`).
    data_dir : str or path-like, optional
        Folder holding the dataset folders (default: :func:`data_dir`).
    subset : str, optional
        Subset name (default: the dataset's first subset).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> dataset_path("babe", data_dir="/d", subset="SG1").as_posix()
    '/d/babe/sentences.jsonl.gz'
    """
    info = _info(name)
    subset = _subset(info, subset)
    return _data_dir(data_dir) / info.name / info.files[subset]


_data_dir = data_dir  # keeps the function reachable where a parameter shadows its name


def _subset(info: DatasetInfo, subset: str | None) -> str:
    if subset is None:
        return info.default_subset
    for known in info.subsets:
        if subset.lower() == known.lower():
            return known
    raise UnknownDatasetError(
        f"dataset {info.name!r} has no subset {subset!r}; its subsets are: {', '.join(info.subsets)}"
    )


def list_datasets(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """List the known datasets and whether their files are present.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder holding the dataset folders (default: :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        One row per dataset: ``name``, ``available`` (the default file exists),
        ``path`` (the default file), ``unit``, ``records`` (expected records of
        the default subset), ``subsets``, ``repository``, ``license``, ``citation``.

    Examples
    --------
    >>> table = list_datasets("/nonexistent")
    >>> table[["name", "available", "records"]].head(2).to_dict("records")
    [{'name': 'basil', 'available': False, 'records': 300}, {'name': 'pac', 'available': False, 'records': 304}]
    """
    rows = []
    for info in DATASETS.values():
        path = dataset_path(info.name, data_dir=data_dir)
        rows.append({
            "name": info.name,
            "available": path.is_file(),
            "path": str(path),
            "unit": info.unit,
            "records": info.records[info.default_subset],
            "subsets": ", ".join(info.subsets),
            "repository": info.repository,
            "license": info.license,
            "citation": info.citation,
        })
    return pd.DataFrame(rows)


def load_dataset(name: str, *, data_dir: str | os.PathLike[str] | None = None,
                 subset: str | None = None, clean: bool = True,
                 limit: int | None = None) -> pd.DataFrame:
    """Load a known dataset as a corpus table.

    Parameters
    ----------
    name : str
        One of ``basil``, ``pac``, ``allsides_abp``, ``babe``, ``narrative_frames``.
    data_dir : str or path-like, optional
        Folder holding the dataset folders (default: ``FRAMING_DATA_DIR``, else ``./data``).
    subset : str, optional
        Which part to load. ``babe``: ``"articles"`` (default, 984 MBIC source
        articles), ``"sentences"`` (all 7,074 labelled sentences), or one
        labelled set of sentences: ``"SG2"`` (BABE proper, 3,674 expert-labelled),
        ``"SG1"`` (1,700 expert-labelled), ``"MBIC"`` (the same 1,700 sentences,
        crowd-labelled). The other datasets have only ``"articles"``.
    clean : bool, default True
        Normalize the text and separate datelines / credits / boilerplate (see
        :func:`framing.read_corpus`). The text as distributed stays in
        ``raw_text``; annotation offsets of the datasets (``spans``, ``events``,
        ``sentences``, ``article_start``/``article_end``) index ``raw_text``.
        With ``clean=False``, ``text`` equals ``raw_text``.
    limit : int, optional
        Read at most this many records (of the subset).

    Returns
    -------
    pandas.DataFrame
        Canonical corpus columns first, then the dataset's own fields (labels,
        annotation spans, splits) as extra columns. ``attrs["dataset"]`` and
        ``attrs["subset"]`` name what was loaded.

    Raises
    ------
    UnknownDatasetError
        For an unknown name or subset (lists the known ones).
    FileNotFoundError
        When the dataset's file is missing: says where it looked and where the
        data comes from.

    Examples
    --------
    >>> load_dataset("no_such_data")
    Traceback (most recent call last):
    ...
    framing.datasets.UnknownDatasetError: unknown dataset 'no_such_data'; known datasets: allsides_abp, babe, basil, narrative_frames, pac
    """
    from framing.corpus.read import read_corpus

    info = _info(name)
    subset = _subset(info, subset)
    folder = _data_dir(data_dir)
    path = folder / info.name / info.files[subset]
    if not path.is_file():
        where = "the data_dir argument" if data_dir is not None else (
            f"{DATA_DIR_ENV}={os.environ[DATA_DIR_ENV]!r}" if os.environ.get(DATA_DIR_ENV, "").strip()
            else f"{DATA_DIR_ENV} is not set, so the default ./data"
        )
        raise FileNotFoundError(
            f"dataset {info.name!r} not found: no file {path} (folder from {where}). "
            f"Set {DATA_DIR_ENV} (or pass data_dir=) to the folder that holds the dataset folders "
            f"({', '.join(sorted(DATASETS))}), each with its articles.jsonl.gz. "
            f"The {info.name} data comes from https://github.com/{info.repository} "
            f"(commit {info.commit[:10]}); see docs/datasets.md."
        )
    column_filter = info.filters.get(subset)
    corpus = read_corpus(path, format="jsonl", clean=clean,
                         limit=None if column_filter else limit)
    if column_filter is not None:
        column, value = column_filter
        rejects = corpus.attrs.get("rejects")
        corpus = corpus[corpus[column] == value].reset_index(drop=True)
        if limit is not None:
            corpus = corpus.head(limit)
        if rejects is not None:
            corpus.attrs["rejects"] = rejects
    for canonical, column in info.fill.items():
        if column in corpus.columns:
            merged = [a if isinstance(a, str) and a.strip() else (b if isinstance(b, str) and b.strip() else None)
                      for a, b in zip(corpus[canonical].tolist(), corpus[column].tolist())]
            corpus[canonical] = pd.Series(merged, index=corpus.index, dtype=object)
    corpus.attrs["dataset"] = info.name
    corpus.attrs["subset"] = subset
    logger.info("loaded dataset %s (%s): %d records from %s", info.name, subset, len(corpus), path)
    return corpus
