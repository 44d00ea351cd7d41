"""What is particular to JAX: lazy import, the process-wide x64 switch, immutability, tracing, keys."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import tyxq
from tyxq_jax.backend import JaxBackend
from tyxq_jax.random import KeyStream


def run_fresh(code: str) -> str:
    """Run ``code`` in a new interpreter (JAX's x64 switch and imports are per process)."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_discovery_does_not_import_jax() -> None:
    out = run_fresh("""
        import sys, tyxq
        print("jax" in tyxq.available_backends(), "jax" in sys.modules)
    """)
    assert out == "True False"


def test_complex64_backend_leaves_x64_off() -> None:
    out = run_fresh("""
        import tyxq
        from tyxq_jax.x64 import x64_enabled
        with tyxq.use_backend("jax", dtype="complex64"):
            state = tyxq.state(tyxq.Circuit(2).h(0).rx(1, 0.3))
        print(x64_enabled(), state.dtype)
    """)
    assert out == "False complex64"


def test_complex128_backend_enables_x64_for_the_whole_process() -> None:
    out = run_fresh("""
        import jax.numpy as jnp, tyxq
        before = jnp.array(1.0).dtype
        tyxq.set_backend("jax", dtype="complex128")
        print(before, jnp.array(1.0).dtype, tyxq.state(tyxq.Circuit(1).h(0)).dtype)
    """)
    assert out == "float32 float64 complex128"


def test_64_bit_requests_without_x64_explain_the_switch() -> None:
    out = run_fresh("""
        import tyxq
        backend = tyxq.set_backend("jax", dtype="complex64")
        try:
            backend.zeros((2,), dtype="float64")
        except tyxq.BackendError as error:
            print("jax_enable_x64" in str(error))
    """)
    assert out == "True"


def test_arrays_are_immutable_and_out_is_refused() -> None:
    backend = JaxBackend(dtype="complex64")
    a = backend.ones((2, 2))
    assert backend.writable(a) is False
    with pytest.raises(tyxq.CapabilityError, match="immutable"):
        backend.matmul(a, a, out=backend.zeros((2, 2)))


def test_all_finite_answers_none_inside_jit_and_vmap() -> None:
    backend = JaxBackend(dtype="complex64")
    seen = []

    def probe(x: jax.Array) -> jax.Array:
        seen.append(backend.all_finite(x))
        return x

    jax.jit(probe)(jnp.ones(2))
    jax.vmap(probe)(jnp.ones((3, 2)))
    assert seen == [None, None]
    assert backend.all_finite(jnp.array([1.0, jnp.nan])) is False


def test_nan_angles_raise_eagerly_and_propagate_inside_jit() -> None:
    with tyxq.use_backend("jax", dtype="complex64"):

        def energy(theta: jax.Array) -> jax.Array:
            return tyxq.expectation(tyxq.Circuit(1).rx(0, theta), tyxq.Z(0))

        with pytest.raises(tyxq.ParameterError, match="NaN"):
            energy(jnp.array(jnp.nan))
        assert bool(jnp.isnan(jax.jit(energy)(jnp.array(jnp.nan))))


def test_jax_grad_differentiates_a_circuit_through_classical_processing() -> None:
    with tyxq.use_backend("jax", dtype="complex128"):

        def energy(w: jax.Array) -> jax.Array:
            return tyxq.expectation(tyxq.Circuit(2).ry(0, 2 * w[0]).ry(1, w[0] + w[1]).cnot(0, 1), tyxq.Z(1))

        w = jnp.array([0.3, -0.8])
        grad = jax.grad(energy)(w)
    # ⟨Z1⟩ = cos(2 w0) cos(w0 + w1)
    a, b = 2 * 0.3, 0.3 - 0.8
    expected = [-2 * np.sin(a) * np.cos(b) - np.cos(a) * np.sin(b), -np.cos(a) * np.sin(b)]
    np.testing.assert_allclose(np.asarray(grad), expected, atol=1e-12)


def test_key_stream_accepts_every_seed_form() -> None:
    draw = lambda stream: np.asarray(jax.random.uniform(stream.next_key(), (3,)))  # noqa: E731
    np.testing.assert_array_equal(draw(KeyStream.from_seed(5)), draw(KeyStream.from_seed(jax.random.key(5))))
    np.testing.assert_array_equal(draw(KeyStream.from_seed(5)), draw(KeyStream.from_seed(jax.random.PRNGKey(5))))
    generator = np.random.default_rng(3)
    first, second = draw(KeyStream.from_seed(generator)), draw(KeyStream.from_seed(generator))
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, draw(KeyStream.from_seed(np.random.default_rng(3))))


def test_key_stream_refuses_other_seeds() -> None:
    with pytest.raises(tyxq.BackendError, match="integer seed"):
        KeyStream.from_seed("seven")


def test_missing_gpu_is_refused_with_what_jax_sees() -> None:
    if any(d.platform == "gpu" for d in jax.devices()):
        assert JaxBackend(device="cuda").device == "cuda:0"
        return
    with pytest.raises(tyxq.BackendError, match="JAX sees only"):
        JaxBackend(device="cuda")


def test_leaving_the_autodiff_graph_is_not_differentiable_rather_than_a_zero_gradient() -> None:
    backend = JaxBackend(dtype="complex128")

    def through_numpy(x: jax.Array) -> jax.Array:
        return jnp.asarray(np.cos(np.asarray(backend.detach(x))).sum())

    def through_float(x: jax.Array) -> jax.Array:
        return jnp.asarray(float(x[0]))

    for leaves in (through_numpy, through_float):
        with pytest.raises(tyxq.NotDifferentiableError, match="finite_difference"):
            backend.value_and_grad(leaves)(jnp.array([0.4]))
        with pytest.raises(tyxq.NotDifferentiableError):
            backend.vjp(leaves, jnp.array([0.4]))
