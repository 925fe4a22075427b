"""Speed and accuracy figures for docs/biometrics.md (run by hand: `make bench`).

    python benchmarks/biometrics.py speed      # medians on one core
    python benchmarks/biometrics.py degraded   # eval table for degraded probes
    python benchmarks/biometrics.py quality    # per-rule false accept / reject on the labelled set
    python benchmarks/biometrics.py liveness   # genuine-burst pass rate, attack catch rates
    python benchmarks/biometrics.py all

Faces: ../shared/faces/dev (MIT, deepface) or --faces DIR. Nothing here is a unit test:
speed targets live here, not in timed tests.
"""

from __future__ import annotations

import os

# One core, one thread: the budget in issue 3 is per core. Set before numpy/dlib load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import collections  # noqa: E402
import io  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from jmo.biometrics import FaceEngine  # noqa: E402
from jmo.biometrics import face as fc  # noqa: E402
from jmo.biometrics import liveness as lv  # noqa: E402
from jmo.biometrics import quality_measures as qm  # noqa: E402
from jmo.biometrics import quality_rules as qr  # noqa: E402
from jmo.biometrics.calibration import Pair, evaluate, read_pairs  # noqa: E402

# The synthetic bursts are test tooling (tests/synthetic_faces.py), not shipped in the wheel.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import synthetic_faces as syn  # noqa: E402

from jmo.biometrics.imaging import ImageLimits, decode_image  # noqa: E402
from jmo.domain.biometric import Decision, LivenessChallenge, LivenessStep  # noqa: E402
from jmo.domain.errors import DomainError  # noqa: E402

ACCEPT, REJECT = 0.55, 0.62
DEFAULT_FACES = Path(__file__).resolve().parents[1] / ".." / "shared" / "faces" / "dev"
# The clean dev photos every capture rule accepts (see `quality`): bases of the labelled set.
CLEAN = [
    "img12",
    "img13",
    "img14",
    "img15",
    "img16",
    "img17",
    "img18",
    "img21",
    "img28",
    "img30",
    "img33",
    "img35",
    "img44",
    "img49",
    "img58",
    "img62",
]
HI = ImageLimits(work_side=1280)  # sources for synthetic frames keep more detail


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f}"


def pose_of(engine: FaceEngine, rgb: np.ndarray) -> syn.Pose:
    faces = fc.find_faces(engine.models, rgb)
    shape = fc.shape5(engine.models, rgb, faces[0])
    return syn.Pose(rgb, fc.geometry(engine.models, rgb, faces[0], shape))


def load(faces: Path, name: str, limits: ImageLimits) -> np.ndarray:
    return decode_image((faces / f"{name}.jpg").read_bytes(), limits).rgb


# --------------------------------------------------------------------------- speed
def speed(engine: FaceEngine, faces: Path) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    m = engine.models
    frames = []
    for name in CLEAN:
        pose = pose_of(engine, load(faces, name, HI))
        frames.append(syn.jpeg(syn.align(pose.rgb, pose.geo)))
    ref = engine.enroll((faces / "img13.jpg").read_bytes()).descriptor
    stages: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(3):
        for data in frames:
            t0 = time.perf_counter()
            img = decode_image(data, engine.limits)
            t1 = time.perf_counter()
            dets = fc.find_faces(m, img.rgb)
            t2 = time.perf_counter()
            shape = fc.shape5(m, img.rgb, dets[0])
            geo = fc.geometry(m, img.rgb, dets[0], shape)
            t3 = time.perf_counter()
            qr.evaluate(qm.measure(img.rgb, geo, img.scale), engine.quality)
            t4 = time.perf_counter()
            fc.descriptor(m, img.rgb, shape)
            t5 = time.perf_counter()
            engine.verify(data, ref)
            t6 = time.perf_counter()
            for key, a, b in (
                ("decode", t0, t1),
                ("detect (HOG, 480x640, upsample 0)", t1, t2),
                ("landmarks (5-point + Face Mesh + Iris)", t2, t3),
                ("quality rules", t3, t4),
                ("descriptor (ResNet)", t4, t5),
                ("verify() end to end", t5, t6),
            ):
                stages[key].append(b - a)
            stages["model cost (detect + descriptor)"].append((t2 - t1) + (t5 - t4))
    print(f"single selfie, {len(frames)} frames 480x640 JPEG x 3 rounds, one core (median ms)")
    for key, values in stages.items():
        print(f"  {key:42} {median_ms(values):>7}")
    ratio = statistics.median(stages["verify() end to end"]) / statistics.median(
        stages["model cost (detect + descriptor)"]
    )
    print(f"  end to end / model cost: {ratio:.2f}x")

    rng = np.random.default_rng(1)
    bursts = []
    for name in ("img14", "img16", "img21", "img58"):
        pose = pose_of(engine, load(faces, name, HI))
        mirror = pose_of(engine, np.ascontiguousarray(pose.rgb[:, ::-1]))
        lo, hi = sorted((pose, mirror), key=lambda p: p.geo.yaw)
        for steps, ch_steps in (
            (["turn"], (LivenessStep.TURN_LEFT,)),
            (["turn", "blink"], (LivenessStep.TURN_LEFT, LivenessStep.BLINK)),
        ):
            bursts.append((syn.genuine_burst(lo, hi, steps, rng), ch_steps))
    times = []
    now = datetime(2026, 11, 25, tzinfo=UTC)
    for _ in range(2):
        for frames15, steps in bursts:
            ch = LivenessChallenge("n", steps, now, 60)
            t = time.perf_counter()
            engine.verify_burst(frames15, ref, ch, nonce="n", now=now + timedelta(seconds=3))
            times.append(time.perf_counter() - t)
    print(
        f"15-frame burst verify_burst(), {len(times)} runs: median {median_ms(times)} ms, "
        f"max {max(times) * 1000:.0f} ms"
    )


# --------------------------------------------------------------------------- degraded
def degraded(engine: FaceEngine, faces: Path) -> None:
    pairs = read_pairs(faces / "master.csv")
    names = sorted({p.a for p in pairs} | {p.b for p in pairs})
    variants: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "clean": lambda x: x,
        "dark (x0.35)": lambda x: syn.scale_light(x, 0.35),
        "blur (Gaussian r=2 at 640 px)": lambda x: syn.gaussian_blur(x, 2.0),
        "low resolution (longest side 240 px)": lambda x: np.asarray(
            Image.fromarray(x).resize(
                (x.shape[1] * 240 // max(x.shape[:2]), x.shape[0] * 240 // max(x.shape[:2]))
            )
        ),
        "JPEG quality 10": lambda x: np.asarray(Image.open(io.BytesIO(syn.jpeg(x, 10)))),
        "noise (sigma 12)": lambda x: syn.add_noise(x, 12.0, np.random.default_rng(0)),
        "grey + side light": lambda x: np.repeat(
            np.asarray(Image.fromarray(syn.side_light_plain(x, 0.5)).convert("L"))[..., None], 3, 2
        ),
    }
    print("probe (file_y) degraded, reference (file_x) clean")
    for label, fn in variants.items():
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            for name in names:
                rgb = decode_image((faces / name).read_bytes(), engine.limits).rgb
                (out / f"ref_{name}").write_bytes(syn.jpeg(rgb, 95))
                (out / f"probe_{name}").write_bytes(syn.jpeg(fn(rgb), 92))
            mixed = [Pair(f"ref_{p.a}", f"probe_{p.b}", p.same) for p in pairs]
            report = evaluate(engine, mixed, out)
        rows = dict(report.table(ACCEPT, ACCEPT, REJECT))
        eer = rows["EER"].split(" at")[0]
        print(
            f"| {label} | {rows['failures to detect'].split(' (')[0]} | {rows['ROC AUC']} | {eer} "
            f"| {rows['TAR at FAR 1.0%'].split(' (')[0]} | "
            f"{rows[f'accuracy at d <= {ACCEPT:.3f}'].split(' (')[0]} | "
            f"{rows['genuine distance min/median/max']} | {rows['impostor distance min/median/max']} |"
        )


# --------------------------------------------------------------------------- quality
def quality(engine: FaceEngine, faces: Path) -> None:
    # Baseline: every dev photo as it is (press photos, not selfies).
    fails: collections.Counter[str] = collections.Counter()
    total = 0
    for path in sorted(faces.glob("*.jpg")):
        total += 1
        try:
            _, checks = engine.measure(path.read_bytes())
            codes = {c.code for c in checks if not c.passed}
        except DomainError as exc:
            codes = {exc.code}
        for code in codes or {"(all rules pass)"}:
            fails[code] += 1
    print(f"baseline: the {total} dev photos as they are (press photos, not selfies)")
    for code, n in fails.most_common():
        print(f"  {code:28} {n}")

    rule_of = {
        "selfie.no_face": "1 face",
        "selfie.multiple_faces": "1 face",
        "selfie.face_cut_off": "1 face",
        "selfie.face_too_small": "1 face",
        "selfie.not_frontal": "1 face",
        "selfie.blurry": "1 face",
        "selfie.eyes_closed": "1 face",
        "selfie.background_busy": "2 background",
        "selfie.too_close": "2 background",
        "selfie.covered": "3 occlusion",
        "selfie.glasses": "3 occlusion",
        "selfie.mask": "3 occlusion",
        "selfie.too_dark": "4 light",
        "selfie.too_bright": "4 light",
        "selfie.low_contrast": "4 light",
        "selfie.uneven_light": "4 light",
        "selfie.moving": "5 still",
    }
    per_variant: dict[str, list[tuple[bool, list[str]]]] = collections.defaultdict(list)
    for k, name in enumerate(CLEAN):
        rgb = load(faces, name, HI)
        other = load(faces, CLEAN[(k + 3) % len(CLEAN)], HI)
        pose = pose_of(engine, rgb)
        for var in syn.quality_variants(rgb, pose.geo, other, k):
            try:
                _, checks = engine.measure(syn.jpeg(var.rgb))
                failed = [c.code or "" for c in checks if not c.passed]
            except DomainError as exc:
                failed = [exc.code]
            caught = bool(set(failed) & var.expected) if var.expected else not failed
            per_variant[var.name].append((caught, failed))
    print(f"\nlabelled set: {len(CLEAN)} clean photos x {len(per_variant)} variants")
    print("| variant | expected | correct | codes returned (count) |")
    print("|---|---|---|---|")
    expected = {v.name: v.expected for v in syn.quality_variants(rgb, pose.geo, other, 0)}
    for vname, results in per_variant.items():
        codes = collections.Counter(c for _, f in results for c in (f or ["(pass)"]))
        exp = ", ".join(sorted(expected[vname])) or "accept (no rule fails)"
        ok = sum(c for c, _ in results)
        print(
            f"| {vname} | {exp} | {ok}/{len(results)} | "
            + ", ".join(f"{c} ({n})" for c, n in codes.most_common())
            + " |"
        )
    # Per rule: false reject = a benign image (original, head scarf) that the rule failed;
    # false accept = an image with that rule's defect that the rule let through.
    rule_of_variant = {
        "dark": "4 light", "bright": "4 light", "side_light": "4 light",
        "blur": "1 face", "cut_off": "1 face", "far": "1 face", "tilted": "1 face",
        "two_faces": "1 face", "clutter": "2 background",
        "dark_glasses": "3 occlusion", "clear_glasses": "3 occlusion",
        "mask_blue": "3 occlusion", "mask_white": "3 occlusion",
        "cap": "3 occlusion", "cap_red": "3 occlusion", "motion": "5 still",
    }  # fmt: skip
    print(
        "\n| rule | false rejects (benign images failed by it) "
        "| false accepts (its defects missed) |"
    )
    print("|---|---|---|")
    benign = [f for v, rs in per_variant.items() if not expected[v] for _, f in rs]
    for rule in sorted(set(rule_of_variant.values())):
        fr = sum(any(rule_of.get(x) == rule for x in f) for f in benign)
        mine = [c for v, rs in per_variant.items() if rule_of_variant.get(v) == rule for c, _ in rs]
        print(f"| {rule} | {fr}/{len(benign)} | {sum(not c for c in mine)}/{len(mine)} |")


# --------------------------------------------------------------------------- liveness
def liveness(engine: FaceEngine, faces: Path) -> None:
    rng = np.random.default_rng(7)
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    later = now + timedelta(seconds=5)
    candidates = []
    skipped: list[str] = []
    for path in sorted(faces.glob("img*.jpg")):
        try:
            pose = pose_of(engine, decode_image(path.read_bytes(), HI).rgb)
        except (DomainError, IndexError):
            continue
        if abs(pose.geo.yaw) < 7.0:
            continue
        # The simulated turn is the photo against its mirror image: keep the photos where
        # Face Mesh sees >= 16 degrees between the two once placed in a frame.
        mirror = pose_of(engine, np.ascontiguousarray(pose.rgb[:, ::-1]))
        a = pose_of(engine, syn.align(pose.rgb, pose.geo))
        b = pose_of(engine, syn.align(mirror.rgb, mirror.geo))
        if abs(a.geo.yaw - b.geo.yaw) >= 16.0:
            candidates.append((path.stem, pose))
        else:
            skipped.append(f"{path.stem} ({abs(a.geo.yaw - b.geo.yaw):.0f})")
    print(
        f"bases: {len(candidates)} dev photos whose mirror pair turns >= 16 degrees: "
        + " ".join(n for n, _ in candidates)
    )
    print("skipped (turn too small to simulate the challenge, degrees): " + ", ".join(skipped))
    results: dict[str, list[tuple[Decision, str | None, dict[str, object]]]] = (
        collections.defaultdict(list)
    )
    parallax: dict[str, list[float]] = collections.defaultdict(list)
    times = []
    genuine_frames = []
    for name, pose in candidates:
        ref = engine.enroll(syn.jpeg(pose.rgb)).descriptor
        mirror = pose_of(engine, np.ascontiguousarray(pose.rgb[:, ::-1]))
        lo, hi = sorted((pose, mirror), key=lambda p: p.geo.yaw)
        for direction, step in ((+1, LivenessStep.TURN_LEFT), (-1, LivenessStep.TURN_RIGHT)):
            frontal, turned = (lo, hi) if direction > 0 else (hi, lo)
            for plan in (["turn"], ["turn", "blink"], ["blink", "turn"]):
                steps = tuple(LivenessStep.BLINK if p == "blink" else step for p in plan)
                ch = LivenessChallenge(f"n-{name}-{direction}-{len(plan)}", steps, now, 60)
                frames = syn.genuine_burst(frontal, turned, plan, rng)
                t = time.perf_counter()
                r = engine.verify_burst(frames, ref, ch, nonce=ch.nonce, now=later)
                times.append(time.perf_counter() - t)
                results["genuine"].append((r.decision, r.error_code, r.extra))
                if "parallax" in r.extra:
                    parallax["genuine (mirror pair, real 3-D)"].append(float(r.extra["parallax"]))  # type: ignore[arg-type]
                genuine_frames.append((frames, ch, ref))
                if len(plan) == 1:
                    attacks = {
                        "still photo, identical frames": [
                            syn.jpeg(syn.align(frontal.rgb, frontal.geo))
                        ]
                        * 15,
                        "still photo, sensor noise": syn.still_burst(frontal, rng),
                        "photo moved/rotated in plane": syn.moved_photo_burst(frontal, rng),
                        "photo swung in 3-D (homography)": syn.tilted_photo_burst(
                            frontal, direction, rng
                        ),
                    }
                else:
                    attacks = {
                        "photo swung in 3-D + painted blink": syn.tilted_photo_burst(
                            frontal, direction, rng, blink=True
                        ),
                    }
                for label, burst in attacks.items():
                    r = engine.verify_burst(burst, ref, ch, nonce=ch.nonce, now=later)
                    results[label].append((r.decision, r.error_code, r.extra))
                    if "parallax" in r.extra and r.extra.get("parallax_pairs"):
                        parallax[label].append(float(r.extra["parallax"]))  # type: ignore[arg-type]
    # Frames from another session and replays, built from the genuine bursts above.
    seen: set[str] = set()

    def hook(digests: object) -> bool:
        ds = set(digests)  # type: ignore[call-overload]
        hit = bool(ds & seen)
        seen.update(ds)
        return hit

    for i, (frames, ch, ref) in enumerate(genuine_frames):
        other = LivenessChallenge(f"other-{i}", ch.steps, now, 60)
        r = engine.verify_burst(frames, ref, other, nonce=ch.nonce, now=later)
        results["frames from another session (its nonce)"].append(
            (r.decision, r.error_code, r.extra)
        )
        hook(lv.frame_digests(frames))
        r = engine.verify_burst(frames, ref, ch, nonce=ch.nonce, now=later, seen_before=hook)
        results["same burst sent again"].append((r.decision, r.error_code, r.extra))
        flipped = tuple(
            LivenessStep.TURN_RIGHT
            if s is LivenessStep.TURN_LEFT
            else LivenessStep.TURN_LEFT
            if s is LivenessStep.TURN_RIGHT
            else s
            for s in ch.steps
        )
        other = LivenessChallenge(f"flip-{i}", flipped, now, 60)
        r = engine.verify_burst(frames, ref, other, nonce=other.nonce, now=later)
        results["another session's frames, this nonce"].append((r.decision, r.error_code, r.extra))
        victim_frames, _, victim_ref = genuine_frames[(i + 6) % len(genuine_frames)]
        splice = victim_frames[:5] + frames[5:]
        r = engine.verify_burst(splice, victim_ref, ch, nonce=ch.nonce, now=later)
        results["victim frames + attacker's live frames"].append(
            (r.decision, r.error_code, r.extra)
        )

    print("\n| case | n | PASS (accepted) | REVIEW | rejected | codes |")
    print("|---|---|---|---|---|---|")
    for label, rs in results.items():
        counts = collections.Counter(d for d, _, _ in rs)
        codes = collections.Counter(c or "-" for _, c, _ in rs)
        print(
            f"| {label} | {len(rs)} | {counts[Decision.PASS]} | {counts[Decision.REVIEW]} | "
            f"{counts[Decision.FAIL] + counts[Decision.RETRY]} | "
            + ", ".join(f"{c} ({n})" for c, n in codes.most_common())
            + " |"
        )

    # Planarity alone, whatever the other checks say: flat pictures swung further and
    # further, against the genuine bursts' turns.
    def geos(frames: list[bytes]) -> list[fc.FaceGeometry]:
        out = []
        for data in frames:
            img = decode_image(data, engine.limits)
            found = fc.find_faces(engine.models, img.rgb)
            if found:
                shape = fc.shape5(engine.models, img.rgb, found[0])
                out.append(fc.geometry(engine.models, img.rgb, found[0], shape, with_iris=False))
        return out

    sweep: dict[str, list[tuple[float, float, bool]]] = collections.defaultdict(list)
    for _name, pose in candidates:
        mirror = pose_of(engine, np.ascontiguousarray(pose.rgb[:, ::-1]))
        lo, hi = sorted((pose, mirror), key=lambda p: p.geo.yaw)
        for direction in (+1, -1):
            frontal = lo if direction > 0 else hi
            for amp in (25.0, 40.0, 55.0):
                g = geos(syn.tilted_photo_burst(frontal, direction, rng, max_yaw=amp))
                res = lv.check_challenge(
                    (LivenessStep.TURN_LEFT if direction > 0 else LivenessStep.TURN_RIGHT,),
                    g,
                    engine.liveness,
                )
                ref_i = int(np.argmin([abs(x.yaw) for x in g]))
                pmax = max(
                    (lv.nose_parallax(g[ref_i], x) for i, x in enumerate(g) if i != ref_i),
                    default=0.0,
                )
                sweep[f"flat, swung {amp:.0f} deg"].append((res.yaw_range, pmax, res.done))
    print("\nflat pictures swung about the vertical axis (planarity measured directly):")
    print(
        "| swing | n | Face Mesh yaw range min/median/max (deg) | turn challenge met "
        "| max nose parallax (IOD) |"
    )
    print("|---|---|---|---|---|")
    for label, rows in sweep.items():
        yr = sorted(r[0] for r in rows)
        px = sorted(r[1] for r in rows)
        print(
            f"| {label} | {len(rows)} | {yr[0]:.1f} / {statistics.median(yr):.1f} / {yr[-1]:.1f} "
            f"| {sum(r[2] for r in rows)} | {px[-1]:.3f} |"
        )
    print("\nnose parallax (IOD units, second-largest over frame pairs with |dyaw| >= 8):")
    for label, vals in parallax.items():
        if vals:
            v = sorted(vals)
            print(
                f"  {label:45} n={len(v):3} min {v[0]:.3f} "
                f"median {statistics.median(v):.3f} max {v[-1]:.3f}"
            )
    print(f"\ngenuine burst verify time: median {median_ms(times)} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "what",
        choices=["speed", "degraded", "quality", "liveness", "all"],
        nargs="?",
        default="speed",
    )
    parser.add_argument("--faces", type=Path, default=DEFAULT_FACES)
    args = parser.parse_args()
    faces: Path = args.faces.resolve()
    if not (faces / "master.csv").exists():
        sys.exit(f"no master.csv in {faces}")
    engine = FaceEngine(accept_below=ACCEPT, reject_above=REJECT)
    for what in ("speed", "degraded", "quality", "liveness"):
        if args.what in (what, "all"):
            print(f"\n=== {what} ===")
            globals()[what](engine, faces)


if __name__ == "__main__":
    main()
