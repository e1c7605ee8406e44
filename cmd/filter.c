// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison filter: the kernel's hwpoison filter (debugfs corrupt-filter-*). */
#include <errno.h>
#include <string.h>

#include "cmd.h"

static void usage(void)
{
	fputs("Usage: hwpoison filter show|reset|enable|disable [options]\n"
	      "\n"
	      "The kernel's hwpoison filter decides which pages injections through\n"
	      "debugfs may touch. A page the filter rejects is left alone while the\n"
	      "kernel still reports success.\n"
	      "\n"
	      "Commands:\n"
	      "  show      print the filter's values (default)\n"
	      "  reset     restore the kernel's defaults and disable the filter\n"
	      "  enable    switch the filter on with its current values\n"
	      "  disable   switch the filter off, keeping its values\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json           print JSON\n"
	      "  -q, --quiet          print nothing but errors\n"
	      "  -v, --verbose        report set-up\n"
	      "      --no-mount       do not mount debugfs\n"
	      "      --no-load        do not load hwpoison_inject\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Exit status: 0 success, 1 the kernel refused a change, 2 bad input,\n"
	      "3 environment or privilege.\n",
	      stdout);
}

int cli_print_filter(struct cli *cli, const struct hwp_filter *f)
{
	struct out *o = cli->out;
	out_object_begin(o, "filter", "filter");
	out_bool(o, "enabled", "enabled", f->enable != 0);
	out_u64(o, "dev_major", "dev major", f->dev_major);
	out_u64(o, "dev_minor", "dev minor", f->dev_minor);
	out_hex(o, "flags_mask", "flags mask", f->flags_mask);
	out_hex(o, "flags_value", "flags value", f->flags_value);
	if (f->has_memcg)
		out_u64(o, "memcg", "memcg", f->memcg);
	else
		out_str(o, "memcg", "memcg", NULL);
	out_object_end(o);
	return 0;
}

int cmd_filter(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONGOPTS, { NULL, 0, NULL, 0 } };
	int c;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		int r = cli_common_opt(cli, c, argv, usage);
		if (r == -1)
			r = EXIT_USAGE;
		if (r != CLI_CONTINUE)
			return r;
	}
	const char *action = optind < argc ? argv[optind++] : "show";
	if (optind < argc)
		return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
	static const char *const actions[] = { "show", "reset", "enable", "disable" };
	size_t which = 0;
	while (which < 4 && strcmp(action, actions[which]) != 0)
		which++;
	if (which == 4)
		return cli_usage(cli, "unknown filter command '%s' (show, reset, enable or disable)",
				 action);
	bool show = which == 0, reset = which == 1;

	int rc = cli_need_admin(cli, "the hwpoison filter");
	if (rc)
		return rc;
	if (!hwp_kernel_supports_memory_failure(cli->ctx))
		return cli_env(cli, "this kernel has no memory-failure support (CONFIG_MEMORY_FAILURE)");
	struct hwp_filter f;
	/* Without the module the kernel's defaults apply: nothing to read or reset. */
	bool loaded = !(show || reset) || hwp_module_loaded(cli->ctx);
	if (!loaded) {
		hwp_filter_defaults(&f);
	} else {
		rc = cli_setup_debugfs(cli, HWP_SETUP_MOUNT | HWP_SETUP_LOAD);
		if (rc)
			return rc;
		int r = hwp_filter_read(cli->ctx, &f);
		if (r < 0)
			return cli_env(cli, "cannot read the filter: %s", strerror(-r));
		if (!show) {
			if (reset)
				hwp_filter_defaults(&f);
			else
				f.enable = which == 2;
			r = hwp_filter_write(cli->ctx, &f);
			if (r < 0) {
				cli_err(cli, "cannot %s the filter: %s", action, strerror(-r));
				return EXIT_FAIL;
			}
			r = hwp_filter_read(cli->ctx, &f);
			if (r < 0)
				return cli_env(cli, "cannot read the filter: %s", strerror(-r));
		}
	}
	cli->out = out_new(cli->json, cli->quiet);
	out_bool(cli->out, "module_loaded", "module loaded", loaded);
	cli_print_filter(cli, &f);
	out_finish(cli->out);
	return EXIT_OK;
}
