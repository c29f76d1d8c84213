"""A list's work in two processes: the same answer as in one, whatever the child does."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from briefing_gen import alignment, load, parallel, publish, render
from briefing_gen.annotations import ANNOTATIONS
from briefing_gen.build import Project, load_site
from tests.conftest import Run
from tests.test_corpus_errors import problems, replace


def signal_state() -> tuple[object, ...]:
    """What a process started from here inherits of the interrupts: their handlers and the mask."""
    mask = frozenset(signal.pthread_sigmask(signal.SIG_BLOCK, ()))
    return signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM), mask


@pytest.fixture(autouse=True)
def interrupts_left_as_found() -> Iterator[None]:
    """No test leaves an interrupt held or handled otherwise: every process started later would inherit it
    (a preview that never stops on Ctrl-C, say)."""
    before = signal_state()
    yield
    assert signal_state() == before


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the children started (0: none could be); forking allowed whatever the machine (one core too)."""
    started: list[int] = []
    start = parallel._Child.start

    def recorded(later: parallel.Later[object, object]) -> None:
        start(later)
        started.append(later.child.pid if later.child else 0)

    monkeypatch.setattr(parallel._Child, "start", staticmethod(recorded))
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    return started


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each child asked, whether its answer was taken (False: its work was done again here)."""
    answers: list[bool] = []
    answer = parallel._Child.answer

    def recorded(child: parallel._Child) -> list[object] | None:
        found = answer(child)
        answers.append(found is not None)
        return found

    monkeypatch.setattr(parallel._Child, "answer", recorded)
    return answers


def open_descriptors() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def with_pid(items: Sequence[int]) -> list[tuple[int, int]]:
    return [(item * item, os.getpid()) for item in items]


def gone(pid: int) -> bool:
    """Whether the process has ended and been reaped (a zombie still answers a signal)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_second_half_is_done_by_a_child_and_the_answer_is_in_order(children: list[int]) -> None:
    answer = parallel.in_two(with_pid, range(500), worth_it=True)
    assert [square for square, _ in answer] == [item * item for item in range(500)]
    assert {pid for _, pid in answer[:250]} == {os.getpid()}
    assert {pid for _, pid in answer[250:]} == set(children) and children[0] not in (0, os.getpid())
    assert gone(children[0])


def test_work_started_meanwhile_is_the_childs_and_taken_when_asked(children: list[int], answered: list[bool]) -> None:
    with parallel.meanwhile(with_pid, range(10), worth_it=True) as later:
        here = with_pid(range(3))
        there = later.result()
    assert here == [(item * item, os.getpid()) for item in range(3)]
    assert there == [(item * item, children[0]) for item in range(10)] and children[0] not in (0, os.getpid())
    assert answered == [True]
    assert gone(children[0])


def test_work_started_meanwhile_but_never_asked_for_is_ended(children: list[int]) -> None:
    def slow(items: Sequence[int]) -> list[int]:
        time.sleep(60)
        return list(items)

    began = time.monotonic()
    with pytest.raises(KeyError), parallel.meanwhile(slow, range(10), worth_it=True):
        raise KeyError("the work in between failed")
    assert time.monotonic() - began < 30
    assert gone(children[0])


def test_an_interrupt_at_the_fork_leaves_no_child_and_no_open_pipe(
    children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    forked: list[int] = []
    fork = os.fork

    def fork_then_interrupted() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
            os.kill(os.getpid(), signal.SIGINT)  # a Ctrl-C at the fork: held until the child is handed over
        return pid

    monkeypatch.setattr(os, "fork", fork_then_interrupted)
    before = open_descriptors()
    with pytest.raises(KeyboardInterrupt):
        parallel.in_two(with_pid, range(500), worth_it=True)
    assert len(forked) == 1 and gone(forked[0])
    assert open_descriptors() == before


def test_a_closed_output_is_no_obstacle_and_a_broken_one_leaves_the_work_here(
    children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", None)  # started with its output closed: nothing to write twice
    assert [square for square, _ in parallel.in_two(with_pid, range(500), worth_it=True)] == [i * i for i in range(500)]
    monkeypatch.setattr(sys, "stdout", Broken())
    assert {pid for _, pid in parallel.in_two(with_pid, range(500), worth_it=True)} == {os.getpid()}
    assert children[0] != 0 and children[1] == 0


def test_work_not_worth_a_child_is_done_here(children: list[int]) -> None:
    assert {pid for _, pid in parallel.in_two(with_pid, range(500), worth_it=False)} == {os.getpid()}
    assert children == []


def test_a_child_that_fails_leaves_its_half_to_this_process(children: list[int]) -> None:
    here = os.getpid()

    def fails_elsewhere(items: Sequence[int]) -> list[tuple[int, int]]:
        if os.getpid() != here:
            os._exit(3)  # as a child killed mid-work would end: no answer at all
        return with_pid(items)

    answer = parallel.in_two(fails_elsewhere, range(500), worth_it=True)
    assert answer == [(item * item, here) for item in range(500)]
    assert gone(children[0])


def test_an_interrupted_child_leaves_its_half_to_this_process(children: list[int], answered: list[bool]) -> None:
    """A Ctrl-C that reached the child alone: raised in its work, as Python raises it (a signal sent from here
    might be held, or ignored, by whatever started the test run)."""
    here = os.getpid()

    def interrupted_there(items: Sequence[int]) -> list[tuple[int, int]]:
        if os.getpid() != here:
            raise KeyboardInterrupt
        return with_pid(items)

    answer = parallel.in_two(interrupted_there, range(500), worth_it=True)
    assert answer == [(item * item, here) for item in range(500)]
    assert answered == [False] and gone(children[0])


def test_an_error_in_the_childs_half_is_raised_here(children: list[int]) -> None:
    def breaks_on_400(items: Sequence[int]) -> list[int]:
        return [1 // (item - 400) for item in items]

    with pytest.raises(ZeroDivisionError):
        parallel.in_two(breaks_on_400, range(500), worth_it=True)
    assert gone(children[0])


def test_an_error_here_ends_the_child_at_once(children: list[int]) -> None:
    here = os.getpid()

    def slow_there_broken_here(items: Sequence[int]) -> list[int]:
        if os.getpid() != here:
            time.sleep(60)
        raise RuntimeError("the first half failed")

    began = time.monotonic()
    with pytest.raises(RuntimeError, match="the first half failed"):
        parallel.in_two(slow_there_broken_here, range(500), worth_it=True)
    assert time.monotonic() - began < 30
    assert gone(children[0])


def test_no_child_when_told_so_or_when_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.PROCESSES_VARIABLE, "1")
    assert not parallel.can_fork()
    monkeypatch.delenv(parallel.PROCESSES_VARIABLE)
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # inherited so: children reaped by the system
    try:
        assert not parallel.can_fork()
    finally:
        signal.signal(signal.SIGCHLD, previous)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
    finally:
        stop.set()
        thread.join()


def test_the_checks_give_the_same_messages_with_the_claims_split(
    project: Path, run: Run, children: list[int], answered: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real corpus, with a claim wrong near its start and one near its end, each half holding one."""
    replace(
        project / "content/facts/legal-penalties.yaml", "up to five years in prison.", "up to eight years in prison."
    )
    replace(
        project / "content/facts/platform-accountability.yaml",
        "Agency Commissioner Cho Ji-ho addressed",
        "Agency Commissioner Woo Jong-soo addressed",
    )
    monkeypatch.setattr(alignment, "CLAIMS_WORTH_SPLITTING", 2)
    split = problems(run, project)
    assert len(children) == 1 and children[0] != 0 and answered == [True]
    monkeypatch.setenv(parallel.PROCESSES_VARIABLE, "1")
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert problems(run, project) == split
    assert len(children) == 1
    assert split == [
        'content/facts/legal-penalties.yaml:11:13: facts[0].claim: "eight years" is in the claim but in none of '
        'its 2 quotes (closest: "five years" in telegram-sorry-report); if the editors add it, say so in the fact\'s '
        "editors_note",
        "content/facts/platform-accountability.yaml:140:65: facts[4].claim: "
        '"National Police Agency Commissioner Woo Jong-soo" is in the claim but in none of its 1 quote '
        '(closest: "National Police Agency Commissioner Cho Ji-ho" in commissioner-probes-complex (editors\' note)); '
        "if the editors add it, say so in the fact's editors_note",
    ]


def test_fact_files_parsed_in_a_child_give_the_same_messages(
    project: Path, run: Run, children: list[int], answered: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file YAML cannot read, and a misspelt field deep in another (its position found from the text the
    child parsed), both among the files the child parses."""
    replace(project / "content/facts/international-cooperation.yaml", "claim:", "claim: [")
    replace(project / "content/facts/platform-accountability.yaml", "quote:", "qoute:")
    monkeypatch.setattr(load, "FACTS_WORTH_SPLITTING", 0)
    split = problems(run, project)
    assert len(children) == 1 and children[0] != 0 and answered == [True]
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert problems(run, project) == split
    assert len(children) == 1
    assert split == [
        "content/facts/international-cooperation.yaml:8:14: (syntax): a value may not start with '>', which YAML "
        "keeps for itself: put the value in quotation marks, or write it on the next line after '>-'",
        "content/facts/platform-accountability.yaml:23:9: facts[0].citations[0].qoute: unknown field 'qoute'; "
        "did you mean 'quote'?",
    ]


def test_source_pages_and_annotations_made_in_children_are_the_same_files(
    project: Path, children: list[int], answered: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file of the docs folder, with the source pages and then the annotations each made by a child."""
    monkeypatch.setattr(render, "SOURCES_WORTH_A_CHILD", 1)
    monkeypatch.setattr(publish, "FACTS_WORTH_A_CHILD", 1)
    site = load_site(Project(project), env={})
    split = publish.site_files(site)
    assert len(children) == 2 and 0 not in children and answered == [True, True]
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert publish.site_files(load_site(Project(project), env={})) == split
    assert len(children) == 2
    assert sum(path.startswith("sources/") and path.endswith(".md") for path in split) == 6  # five reports, an index
    citations = sum(len(fact.citations) for fact in site.facts.values())
    assert split[ANNOTATIONS].count(b'"type": "Annotation"') == citations == 96  # one for each citation
