#include "CVulkan.h"
#include <dlfcn.h>
#include <stdio.h>

PFN_vkGetInstanceProcAddr qrt_vulkan_open(const char *path, char *error, unsigned long capacity) {
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(error, capacity, "cannot open the Vulkan loader %s: %s", path, dlerror());
        return NULL;
    }
    PFN_vkGetInstanceProcAddr get = (PFN_vkGetInstanceProcAddr)dlsym(library, "vkGetInstanceProcAddr");
    if (!get) {
        snprintf(error, capacity, "%s has no vkGetInstanceProcAddr", path);
        dlclose(library);
        return NULL;
    }
    // The library stays open for the life of the process: pipelines and devices outlive any one delegate.
    return get;
}
