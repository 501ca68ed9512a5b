// zlib's raw inflate, used by the tests to read NumPy's compressed .npz reference files.
#include <zlib.h>
