#ifndef WSIM_CGIT2_SHIM_H
#define WSIM_CGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/mempack.h>

/* git_libgit2_opts is variadic and Swift cannot call C variadics: one wrapper per option we use. */
static inline int cgit2_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/* Where libgit2 looks for system, XDG and global (~/.gitconfig) config files; "" searches nowhere. */
static inline int cgit2_set_config_search_path(git_config_level_t level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

#endif
