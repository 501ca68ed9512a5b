// Vulkan's headers for Swift, without prototypes: the loader is opened at run time
// (qrt_vulkan_open), so QuantRT never links libvulkan and runs on machines without it.
#ifndef QRT_CVULKAN_H
#define QRT_CVULKAN_H
#define VK_NO_PROTOTYPES 1
#include <vulkan/vulkan.h>

/// Opens the Vulkan loader at `path` (e.g. "libvulkan.so.1") and returns its
/// vkGetInstanceProcAddr, or NULL with a reason in `error` (at most `capacity` bytes).
PFN_vkGetInstanceProcAddr qrt_vulkan_open(const char *path, char *error, unsigned long capacity);

#endif
