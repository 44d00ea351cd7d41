/*
 * A stand-in for the CUDA driver library (libcuda.so.1) that reports no device.
 *
 * Why: the PyPI wheels of Legate and cuPyNumeric link libcuda.so.1 even when
 * they run on CPUs only, so on a machine without an NVIDIA driver
 * `import cupynumeric` fails with "libcuda.so.1: cannot open shared object
 * file". With this library first on LD_LIBRARY_PATH the import succeeds,
 * Realm's GPU discovery calls cuInit, gets CUDA_ERROR_NO_DEVICE, and Legate
 * runs on CPUs (LEGATE_CONFIG="--cpus 1 --gpus 0 --sysmem 4000").
 *
 * Never use it where a real driver is installed: `python -m
 * tyxq_cupynumeric.standin` builds it only when no libcuda.so.1 can be
 * loaded, and the backend refuses to run on it when an NVIDIA kernel driver
 * is present.
 *
 * The symbols are those the wheels' libraries resolve when they are loaded
 * (found with `nm -D --undefined-only` on liblegion-legate.so and the
 * loader's "undefined symbol" errors) plus the entry points a driver client
 * calls first. Every call reports that there is no device.
 *
 * Build: gcc -shared -fPIC -o libcuda.so.1 libcuda_standin.c
 */

#include <stddef.h>

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

enum { CUDA_SUCCESS = 0, CUDA_ERROR_INVALID_VALUE = 1, CUDA_ERROR_NO_DEVICE = 100 };

static const char no_device_name[] = "CUDA_ERROR_NO_DEVICE";
static const char no_device_text[] = "no CUDA-capable device is detected (tyxq's stand-in libcuda.so.1: no NVIDIA driver on this machine)";

/* Marks this library as the stand-in, so tyxq_cupynumeric can tell it from a real driver. */
int tyxq_cuda_standin = 1;

CUresult cuInit(unsigned int flags) { (void)flags; return CUDA_ERROR_NO_DEVICE; }

CUresult cuDriverGetVersion(int *version) {
    if (version == NULL) return CUDA_ERROR_INVALID_VALUE;
    *version = 0;
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetCount(int *count) {
    if (count == NULL) return CUDA_ERROR_INVALID_VALUE;
    *count = 0;
    return CUDA_ERROR_NO_DEVICE;
}

CUresult cuGetErrorName(CUresult error, const char **name) {
    (void)error;
    if (name == NULL) return CUDA_ERROR_INVALID_VALUE;
    *name = no_device_name;
    return CUDA_SUCCESS;
}

CUresult cuGetErrorString(CUresult error, const char **text) {
    (void)error;
    if (text == NULL) return CUDA_ERROR_INVALID_VALUE;
    *text = no_device_text;
    return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr pointer) { (void)pointer; return CUDA_ERROR_NO_DEVICE; }

CUresult cuMemFreeHost(void *pointer) { (void)pointer; return CUDA_ERROR_NO_DEVICE; }
