// Selfie capture with the front camera (getUserMedia). Without a camera, or without
// JavaScript, the file input (capture="user") does the same job: no step depends on this.
(function () {
  "use strict";
  const form = document.getElementById("selfie-form");
  if (!form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  const video = document.getElementById("camera-preview");
  const canvas = document.getElementById("camera-canvas");
  const open = document.getElementById("camera-open");
  const shoot = document.getElementById("camera-shoot");
  const fileInput = document.getElementById("f-selfie");
  let stream = null;
  open.classList.remove("hidden");

  open.addEventListener("click", async function () {
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
      video.srcObject = stream;
      video.classList.remove("hidden");
      shoot.classList.remove("hidden");
      open.classList.add("hidden");
    } catch (err) {
      open.textContent = open.dataset.failed || "Kamera tidak tersedia — unggah foto";
      open.disabled = true;
    }
  });

  shoot.addEventListener("click", function () {
    const w = video.videoWidth || 640;
    const h = video.videoHeight || 480;
    canvas.width = w;
    canvas.height = h;
    canvas.getContext("2d").drawImage(video, 0, 0, w, h);
    canvas.toBlob(function (blob) {
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], "selfie.jpg", { type: "image/jpeg" }));
      fileInput.files = transfer.files;
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      form.submit();
    }, "image/jpeg", 0.92);
  });
})();
