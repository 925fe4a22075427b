// The branch counter's camera: one photo for a reference photo, taken with the counter's
// webcam and put into the form's file field (so camera and upload post the same way). The
// server checks the face (never this script). No inline script: CSP.
(function () {
  "use strict";
  const box = document.getElementById("counter-camera");
  if (!box) return;
  const start = document.getElementById("camera-start");
  const take = document.getElementById("camera-take");
  const video = document.getElementById("camera-preview");
  const canvas = document.getElementById("camera-canvas");
  const input = document.getElementById("f-photo");
  const source = document.getElementById("f-source");
  const error = document.getElementById("camera-error");
  const shot = document.getElementById("camera-shot");
  let stream = null;

  function fail(text) {
    error.textContent = text;
    error.classList.remove("hidden");
  }

  start.addEventListener("click", async function () {
    error.classList.add("hidden");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return fail(box.dataset.noCamera);
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 1280 }, height: { ideal: 960 } }, audio: false,
      });
    } catch (e) {
      return fail(box.dataset.noCamera);
    }
    video.srcObject = stream;
    video.classList.remove("hidden");
    await video.play().catch(function () {});
    // "Ambil foto" only once real frames arrive (a blank first frame has no face)
    while (!video.videoWidth) await new Promise(function (r) { setTimeout(r, 50); });
    take.classList.remove("hidden");
  });

  take.addEventListener("click", function () {
    canvas.width = video.videoWidth || 640;
    canvas.height = video.videoHeight || 480;
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(function (blob) {
      const files = new DataTransfer();
      files.items.add(new File([blob], "kamera.jpg", { type: "image/jpeg" }));
      input.files = files.files;
      source.value = "camera";
      shot.src = URL.createObjectURL(blob);
      shot.classList.remove("hidden");
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      video.classList.add("hidden");
      take.classList.add("hidden");
    }, "image/jpeg", 0.92);
  });

  input.addEventListener("change", function () {
    if (input.files && input.files.length && input.files[0].name !== "kamera.jpg") {
      source.value = "upload";
    }
  });
})();
