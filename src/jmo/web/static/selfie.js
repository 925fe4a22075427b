// Step 6: a short camera burst recorded while the page shows the server's random challenge
// (blink, turn left/right). Frames are uploaded unmirrored, with their timestamps and the
// challenge's nonce; the server decides (never this script). No inline script: CSP.
(function () {
  "use strict";
  const box = document.getElementById("camera");
  if (!box) return;
  const start = document.getElementById("camera-start");
  const video = document.getElementById("camera-preview");
  const canvas = document.getElementById("camera-canvas");
  const say = document.getElementById("camera-instruction");
  const error = document.getElementById("camera-error");
  const csrf = box.dataset.csrf;
  const FPS = 8;
  const LEAD_MS = 900; // "look at the camera" before the first step
  const STEP_MS = 1400; // time given to each step

  function fail(text) {
    error.textContent = text;
    error.classList.remove("hidden");
    start.disabled = false;
  }

  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function grab() {
    const w = video.videoWidth || 640;
    const h = video.videoHeight || 480;
    canvas.width = w;
    canvas.height = h;
    canvas.getContext("2d").drawImage(video, 0, 0, w, h);
    return new Promise(function (r) { canvas.toBlob(r, "image/jpeg", 0.85); });
  }

  async function run() {
    start.disabled = true;
    error.classList.add("hidden");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return fail(box.dataset.noCamera);
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
    } catch (e) {
      return fail(box.dataset.noCamera);
    }
    video.srcObject = stream;
    video.classList.remove("hidden");
    await video.play().catch(function () {});
    await wait(600); // let exposure settle

    const issued = await fetch(box.dataset.challengeUrl || "/pengkinian/biometrik/tantangan", {
      method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf },
    });
    const challenge = await issued.json().catch(function () { return {}; });
    if (!issued.ok || !challenge.nonce) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      return fail(challenge.error || box.dataset.failed);
    }

    const total = LEAD_MS + STEP_MS * challenge.steps.length + 400;
    const frames = [];
    const times = [];
    const t0 = performance.now();
    say.classList.remove("hidden");
    say.textContent = challenge.start_text;
    let shown = -1;
    while (performance.now() - t0 < total && frames.length < 45) {
      const elapsed = performance.now() - t0;
      const index = Math.floor((elapsed - LEAD_MS) / STEP_MS);
      if (elapsed >= LEAD_MS && index !== shown && index < challenge.steps.length) {
        shown = index;
        say.textContent = challenge.steps[index].text;
      }
      frames.push(await grab());
      times.push(Math.round(performance.now() - t0));
      await wait(Math.max(0, 1000 / FPS - ((performance.now() - t0) - times[times.length - 1])));
    }
    stream.getTracks().forEach(function (t) { t.stop(); });
    say.textContent = challenge.done_text;

    const form = new FormData();
    form.append("csrf_token", csrf);
    form.append("nonce", challenge.nonce);
    form.append("frame_times_ms", times.map(function (t) { return t - times[0]; }).join(","));
    frames.forEach(function (blob, i) { form.append("frames", blob, "frame" + i + ".jpg"); });
    try {
      const sent = await fetch(box.dataset.burstUrl || "/pengkinian/biometrik/burst", {
        method: "POST", credentials: "same-origin", body: form,
      });
      window.location.assign(sent.url || box.dataset.returnUrl || "/pengkinian/biometrik");
    } catch (e) {
      fail(box.dataset.failed);
    }
  }

  start.addEventListener("click", run);
})();
