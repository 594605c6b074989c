"""Drives the official Python SDK (smooth-py 0.4.5, unchanged) against smooth-mock.

Usage: SMOOTH_BASE_URL=http://127.0.0.1:PORT/api/ CIRCLEMIND_API_KEY=KEY \
  SMOOTH_MOCK_SPEED=realistic|fast python check_official_sdk.py

SMOOTH_MOCK_SPEED says at which `--speed` the mock runs (default realistic). At realistic
speed every check runs; at fast speed only the session-close checks do (the others need
tasks that are still running when the SDK, polling once a second, looks at them).
Exits non-zero (with the failed checks listed) if anything the SDK does fails.
"""

import asyncio
import concurrent.futures
import io
import os
import signal
import sys
import time
import traceback
import warnings
import zipfile

# Telemetry would go to the mock (and be journaled); the check is about the API only.
os.environ.setdefault("SMOOTH_TELEMETRY", "off")

from pydantic import BaseModel  # noqa: E402
from smooth import SmoothClient  # noqa: E402
from smooth._exceptions import ApiError  # noqa: E402

warnings.simplefilter("ignore", DeprecationWarning)

BASE_URL = os.environ["SMOOTH_BASE_URL"]
ORIGIN = BASE_URL.split("/api/")[0]
SPEED = os.environ.get("SMOOTH_MOCK_SPEED", "realistic")
TIMEOUT = 60
# A graceful close used to hang about 1 time in 4 at fast speed; 16 rounds miss such a race
# with probability 0.75**16, about 1 %.
GRACEFUL_CLOSE_ROUNDS = 16

failures: list[str] = []


class Hung(Exception):
  """A step took far longer than the mock's timings allow: the SDK is stuck."""


def _alarm(signum, frame):
  raise Hung("no answer within the time limit")


signal.signal(signal.SIGALRM, _alarm)


def check(name, speeds=("realistic",)):
  """Runs one named check at the given mock speeds, recording its failure (or a hang)
  instead of stopping."""

  def run(fn):
    if SPEED not in speeds:
      return fn
    started = time.monotonic()
    signal.alarm(TIMEOUT * 3)
    try:
      fn()
      print(f"ok    {name} ({time.monotonic() - started:.1f}s)", flush=True)
    # A missed close answer ends in asyncio's CancelledError, which is not an Exception.
    except (Exception, asyncio.CancelledError):
      failures.append(name)
      print(f"FAIL  {name}", flush=True)
      traceback.print_exc()
    finally:
      signal.alarm(0)
    return fn

  return run


def expect_api_error(status, fn, *args, **kwargs):
  try:
    fn(*args, **kwargs)
  except ApiError as error:
    assert error.status_code == status, f"expected {status}, got {error.status_code}: {error.detail}"
    return error
  raise AssertionError(f"expected ApiError {status}, nothing was raised")


client = SmoothClient()


class Product(BaseModel):
  name: str
  price: float
  tags: list[str]


class Catalog(BaseModel):
  shop: str
  products: list[Product]
  in_stock: bool | None = None


@check("run a task and get its result")
def _():
  handle = client.run("Find the title of example.com", url="https://example.com", metadata={"k": 1})
  assert handle.id()
  result = handle.result(timeout=TIMEOUT)
  assert result.status == "done", result
  assert isinstance(result.output, str) and "example.com" in result.output, result.output
  assert result.credits_used and result.credits_used > 0
  assert result.live_url is None


@check("live, recording and downloads URLs")
def _():
  handle = client.run("Download the report", device="mobile")
  live = handle.live_url(interactive=False, embed=True)
  assert live.startswith(ORIGIN) and "interactive=false" in live and "embed=true" in live, live
  result = handle.result(timeout=TIMEOUT)
  assert result.status == "done" and result.device == "mobile"
  recording = handle.recording_url(timeout=TIMEOUT)
  assert recording.startswith(ORIGIN) and recording.endswith(".mp4"), recording
  downloads = handle.downloads_url(timeout=TIMEOUT)
  assert downloads.startswith(ORIGIN) and downloads.endswith(".zip"), downloads

  unrecorded = client.run("No recording please", enable_recording=False)
  assert unrecorded.result(timeout=TIMEOUT).status == "done"
  # "" means "there is none": the SDK hands it back as is when it already holds the final
  # state, and raises a 404 ApiError when it has to poll for it.
  try:
    assert unrecorded.recording_url(timeout=5) == ""
  except ApiError as error:
    assert error.status_code == 404, error


@check("structured output with a response model")
def _():
  result = client.run("List the products", response_model=Catalog).result(timeout=TIMEOUT)
  assert result.status == "done", result
  catalog = Catalog.model_validate(result.output)
  assert catalog.products and isinstance(catalog.products[0].price, float)


@check("custom tool round trip")
def _():
  calls = []

  @client.tool(
    name="get_weather",
    description="Weather for a city",
    inputs={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    output="The weather",
  )
  def get_weather(city: str):
    calls.append(("get_weather", city))
    return f"sunny in {city}"

  @client.tool(name="add", description="Adds", inputs={"a": "integer", "b": "integer"}, output="The sum")
  def add(a: int, b: int):
    calls.append(("add", a + b))
    return a + b

  result = client.run("Plan a picnic", custom_tools=[get_weather, add]).result(timeout=TIMEOUT)
  assert result.status == "done", result
  assert [name for name, _ in calls] == ["get_weather", "add"], calls
  assert "sunny in example" in result.output and "answered 200: 2" in result.output, result.output


@check("an essential tool failure fails the task")
def _():
  @client.tool(name="broken", description="Always fails", inputs={"x": "string"}, output="nothing")
  def broken(x: str):
    raise RuntimeError("tool exploded")

  result = client.run("Use the broken tool", custom_tools=[broken]).result(timeout=TIMEOUT)
  assert result.status == "failed", result
  assert "tool exploded" in result.output, result.output


@check("session: graceful close inside `with`, then the exit DELETE", speeds=("realistic", "fast"))
def _():
  # `with client.session() as s: ...; s.close(force=False)`: on exit the SDK always sends
  # DELETE /task/{id}; the session must still be open then (no 404 raised).
  with client.session() as session:
    session.goto("https://example.com/")
    assert session.close(force=False) is True
  final = session.result(timeout=TIMEOUT)
  assert final.status == "done", final


@check(f"session: graceful close, {GRACEFUL_CLOSE_ROUNDS} rounds without a hang", speeds=("realistic", "fast"))
def _():
  # Without `with`, each action starts a new listener, and the SDK drops the events of a
  # listener's first poll (and of the poll that reports the end): the close answer must
  # reach a poll it reads, every time. (Against a mock that started the grace as soon as a
  # poll carried the answer, this raised CancelledError in 3 of 8 rounds at fast speed.)
  for attempt in range(GRACEFUL_CLOSE_ROUNDS):
    started = time.monotonic()
    signal.alarm(TIMEOUT)
    try:
      session = client.session()
      session.goto("https://example.com/")
      assert session.close(force=False) is True, f"round {attempt}"
    except Hung as hung:
      raise AssertionError(f"round {attempt}: close(force=False) hung for {time.monotonic() - started:.0f}s") from hung
    # The sync client hands on the asyncio cancellation as concurrent.futures' own.
    except (asyncio.CancelledError, concurrent.futures.CancelledError) as cancelled:
      raise AssertionError(f"round {attempt}: close(force=False) was cancelled (the SDK missed the answer)") from cancelled
    finally:
      signal.alarm(TIMEOUT * 3)
    final = session.result(timeout=TIMEOUT)
    assert final.status == "done", f"round {attempt}: {final}"


@check("session: goto, evaluate_js, extract, run_task, exec_js, close")
def _():
  with client.session() as session:
    goto = session.goto("https://shop.example.com/")
    assert goto.duration >= 0
    title = session.evaluate_js("document.title")
    assert title.output == "Mock page: https://shop.example.com/", title
    href = session.exec_js("return location.href;")
    assert href["output"] == "https://shop.example.com/", href
    schema = {"type": "object", "properties": {"count": {"type": "integer", "minimum": 5}}, "required": ["count"]}
    extracted = session.extract(schema, prompt="How many products?")
    assert extracted.output == {"count": 5}, extracted
    sub = session.run_task("Add the first product to the cart", response_model=Product)
    Product.model_validate(sub.output)
    assert sub.credits_used > 0
    assert session.close(force=False) is True
  # The context manager's forced close (DELETE) came after the graceful close: no error.
  final = session.result(timeout=TIMEOUT)
  assert final.status == "done", final


@check("session: run_task calls the session's custom tools")
def _():
  calls = []

  @client.tool(name="lookup", description="Looks up a price", inputs={"sku": "string"}, output="The price")
  def lookup(sku: str):
    calls.append(sku)
    return f"12 EUR for {sku}"

  with client.session(custom_tools=[lookup]) as session:
    sub = session.run_task("Buy the cheapest product")
    assert calls == ["example"], calls
    assert "Tool lookup answered 200: 12 EUR for example" in sub.output, sub.output
    session.goto("https://shop.example.com/")
    assert calls == ["example"], "only run_task calls tools"


@check("session closed by the context manager (DELETE)")
def _():
  with client.session(profile_id="check-profile-session") as session:
    session.goto("https://example.org/")
  task = client._get_task(session.id())
  assert task.status == "cancelled", task
  expect_api_error(404, client._delete_task, session.id())


@check("profiles")
def _():
  profile_id = f"check-{int(time.time() * 1000)}"
  assert client.create_profile(profile_id).id == profile_id
  expect_api_error(409, client.create_profile, profile_id)
  generated = client.create_profile()
  ids = [profile.id for profile in client.list_profiles()]
  assert profile_id in ids and generated.id in ids, ids
  client.delete_profile(profile_id)
  expect_api_error(404, client.delete_profile, profile_id)


@check("files")
def _():
  uploaded = client.upload_file(io.BytesIO(b"%PDF-1.4 mock"), name="statement.pdf", purpose="the bank statement")
  assert uploaded.id
  client.delete_file(uploaded.id)
  expect_api_error(404, client.delete_file, uploaded.id)
  expect_api_error(422, client.upload_file, io.BytesIO(b"x"), name="a.txt", purpose="p" * 65)


@check("extensions")
def _():
  archive = io.BytesIO()
  with zipfile.ZipFile(archive, "w") as zipped:
    zipped.writestr("manifest.json", '{"manifest_version": 3, "name": "x", "version": "1"}')
  archive.seek(0)
  uploaded = client.upload_extension(archive, name="my-extension.zip")
  listed = {extension.id: extension for extension in client.list_extensions()}
  assert listed[uploaded.id].file_name == "my-extension.zip", listed
  client.delete_extension(uploaded.id)
  assert uploaded.id not in [extension.id for extension in client.list_extensions()]
  expect_api_error(400, client.upload_extension, io.BytesIO(b"not a zip"), name="ext.crx")


@check("cancel a running task")
def _():
  handle = client.run("A long task")
  handle.live_url()  # wait until it runs
  handle.stop()
  result = handle.result(timeout=TIMEOUT)
  assert result.status == "cancelled", result
  expect_api_error(404, client._delete_task, handle.id())


@check("deprecated open_session / close_session")
def _():
  browser = client.open_session(url="https://example.com")
  assert browser.profile_id() and browser.live_id()
  live = browser.live_url()
  assert live.startswith(ORIGIN) and "interactive=true" in live, live
  client.close_session(browser.live_id())
  expect_api_error(404, client.close_session, browser.live_id())


@check("validation and authentication errors")
def _():
  # The SDK checks max_steps itself; the number of metadata keys only the service checks.
  too_many = {f"key{index}": index for index in range(17)}
  error = expect_api_error(422, client.run, "too much metadata", metadata=too_many)
  assert error.response_data["detail"][0]["loc"] == ["body", "metadata"], error.response_data
  expect_api_error(404, client._get_task, "no-such-task")
  wrong_key = SmoothClient(api_key="cmzr-wrong", retries=0)
  expect_api_error(403, wrong_key.list_profiles)


if failures:
  print(f"\n{len(failures)} check(s) failed: {', '.join(failures)}", file=sys.stderr)
  sys.exit(1)
print("\nall checks passed")
