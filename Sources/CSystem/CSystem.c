// The shims are static inline in include/CSystem.h; SwiftPM needs one source file per C target.
#include "CSystem.h"
