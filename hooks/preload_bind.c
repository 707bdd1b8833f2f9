/* SPDX-License-Identifier: MIT */
/*
 * Finding the real libc functions behind our wrappers.
 *
 * Each name is looked up with dlsym(RTLD_NEXT), once per process under
 * pthread_once.  A lookup that finds nothing, or finds a function inside
 * this very library (we are loaded twice, or some other preload handed our
 * own wrapper back), would make the wrapper call itself forever; such a
 * name is looked up in libc itself instead, and stays NULL if that fails
 * too (the wrapper then fails with ENOSYS).  pp_bind_problem() names the
 * first such symbol so that an active shim can log it.
 */
#include "preload.h"

#include <dlfcn.h>
#include <gnu/lib-names.h>
#include <pthread.h>
#include <string.h>

struct pp_real pp_real;

static pthread_once_t bind_once = PTHREAD_ONCE_INIT;
static const char *bind_problem;

_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers fit in void *");

/* Where this library is mapped, to recognise our own wrappers. */
static void *self_base(void)
{
	static const char anchor;
	Dl_info info;

	if (dladdr(&anchor, &info) == 0)
		return NULL;
	return info.dli_fbase;
}

static int is_self(void *sym, void *self)
{
	Dl_info info;

	if (sym == NULL || self == NULL)
		return 0;
	return dladdr(sym, &info) != 0 && info.dli_fbase == self;
}

/* The next definition of name after us, else libc's own; NULL if neither. */
static void *lookup(const char *name, void *self)
{
	void *sym = dlsym(RTLD_NEXT, name);
	void *libc;

	if (sym != NULL && !is_self(sym, self))
		return sym;
	if (bind_problem == NULL)
		bind_problem = name;
	libc = dlopen(LIBC_SO, RTLD_LAZY | RTLD_NOLOAD);
	if (libc == NULL)
		return NULL;
	sym = dlsym(libc, name);
	dlclose(libc);
	if (sym == NULL || is_self(sym, self))
		return NULL;
	return sym;
}

/* ISO C has no cast between void * and function pointers; memcpy is exact. */
#define BIND(field, sym, ret, args)                                                                \
	do {                                                                                       \
		void *sym_ = lookup(#sym, self);                                                   \
		memcpy(&pp_real.field, &sym_, sizeof sym_);                                        \
	} while (0);

static void bind_all(void)
{
	void *self = self_base();

	PP_WRAPPED(BIND)
#if PP_WRAP_TIME64
	PP_WRAPPED_TIME64(BIND)
#endif
#if PP_WRAP_STAT
	PP_WRAPPED_STAT(BIND)
#endif
}

void pp_bind(void)
{
	pthread_once(&bind_once, bind_all);
}

const char *pp_bind_problem(void)
{
	return bind_problem;
}
