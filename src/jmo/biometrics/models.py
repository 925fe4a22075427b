"""Loading the model files once per process, from installed packages only.

dlib models (public domain, biometrics-notes §1 "Model licences"): the HOG frontal detector
built into dlib, ``shape_predictor_5_face_landmarks.dat`` and
``dlib_face_recognition_resnet_model_v1.dat`` from the ``face_recognition_models`` package.
The 68-point model is deliberately *not* loaded: its iBUG 300-W training data excludes
commercial use. Eye, nose and mouth contours come from MediaPipe Face Mesh, and eyelids
from MediaPipe Iris, instead (Apache-2.0, vendored in ``models/``;
docs/decisions/0002-face-engine.md).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dlib
from ai_edge_litert.interpreter import Interpreter

MODEL_NAME = "dlib-resnet-v1+hog640+mp-facemesh"
FACE_MESH_FILE = Path(__file__).with_name("models") / "face_landmark.tflite"
IRIS_FILE = Path(__file__).with_name("models") / "iris_landmark.tflite"


def dlib_model_dir() -> Path:
    """Where ``face_recognition_models`` keeps its .dat files.

    Its own ``__init__`` imports ``pkg_resources`` (gone from recent setuptools), so the
    package is located with ``find_spec`` and never imported (biometrics-notes §1,
    "Packaging trap").
    """
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or spec.origin is None:
        raise RuntimeError("face_recognition_models is not installed")
    return Path(spec.origin).parent / "models"


@dataclass
class LoadedModels:
    detector: Any  # dlib.fhog_object_detector
    shape5: Any  # dlib.shape_predictor
    encoder: Any  # dlib.face_recognition_model_v1
    mesh: Interpreter
    mesh_input: int
    mesh_landmarks: int
    mesh_score: int
    iris: Interpreter
    iris_input: int
    iris_contour: int


def load_models() -> LoadedModels:
    directory = dlib_model_dir()
    # One thread per interpreter: the process pool gives parallelism, and the speed budget
    # is stated per core (issue 3, "Speed").
    mesh = Interpreter(model_path=str(FACE_MESH_FILE), num_threads=1)
    mesh.allocate_tensors()
    inputs = mesh.get_input_details()
    outputs = {o["name"]: o["index"] for o in mesh.get_output_details()}
    by_size = sorted(mesh.get_output_details(), key=lambda o: int(o["shape"][-1]))
    iris = Interpreter(model_path=str(IRIS_FILE), num_threads=1)
    iris.allocate_tensors()
    # Outputs: 71 x 3 eye contour and brows (213 values), 5 x 3 iris points (15).
    iris_outputs = {int(o["shape"][-1]): int(o["index"]) for o in iris.get_output_details()}
    return LoadedModels(
        detector=dlib.get_frontal_face_detector(),
        shape5=dlib.shape_predictor(str(directory / "shape_predictor_5_face_landmarks.dat")),
        encoder=dlib.face_recognition_model_v1(
            str(directory / "dlib_face_recognition_resnet_model_v1.dat")
        ),
        mesh=mesh,
        mesh_input=int(inputs[0]["index"]),
        mesh_landmarks=int(outputs.get("conv2d_20", by_size[-1]["index"])),
        mesh_score=int(outputs.get("conv2d_30", by_size[0]["index"])),
        iris=iris,
        iris_input=int(iris.get_input_details()[0]["index"]),
        iris_contour=iris_outputs[213],
    )
