"""A server process answers one request at a time, whatever its threads, and writes answers
outside that turn (``webapp.server.one_at_a_time``)."""
from __future__ import annotations

import threading
import time

from webapp.server import Server, one_at_a_time


class _Counting:
    """A WSGI app that notes how many of its calls run at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def __call__(self, environ, start_response):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.02)
        with self.lock:
            self.running -= 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"answered"]


def _call_from_threads(app, threads: int = 4, calls: int = 3) -> list[bytes]:
    bodies: list[bytes] = []

    def caller() -> None:
        for _ in range(calls):
            bodies.append(b"".join(app({}, lambda status, headers: None)))

    started = [threading.Thread(target=caller) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return bodies


def test_threads_calling_the_app_directly_overlap():
    app = _Counting()
    _call_from_threads(app)
    assert app.most > 1   # what the turn prevents is there to prevent


def test_one_at_a_time_lets_one_call_run_at_once_and_answers_every_call():
    app = _Counting()
    bodies = _call_from_threads(one_at_a_time(app))
    assert app.most == 1
    assert bodies == [b"answered"] * 12


def test_the_server_hands_gunicorn_the_app_one_request_at_a_time():
    app = _Counting()
    _call_from_threads(Server(lambda: app, {}).load())
    assert app.most == 1


def test_an_answer_is_written_outside_the_turn():
    """While one answer's body is still being read (written to a slow client), the next
    request is answered."""
    reading = threading.Event()
    release = threading.Event()

    def app(environ, start_response):
        start_response("200 OK", [])
        if environ.get("slow"):
            def body():
                reading.set()
                release.wait(5)
                yield b"slow"
            return body()
        return [b"quick"]

    served = one_at_a_time(app)
    slow = served({"slow": True}, lambda status, headers: None)
    writer = threading.Thread(target=lambda: b"".join(slow))
    writer.start()
    assert reading.wait(5)
    done: list[bytes] = []
    quick = threading.Thread(target=lambda: done.append(b"".join(served({}, lambda status, headers: None))))
    quick.start()
    quick.join(2)
    assert done == [b"quick"]
    release.set()
    writer.join(5)
