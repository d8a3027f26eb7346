# The Jupyter server of a `committee` member (or an admin), started by the hub
# (ddkit.org.hub sets JUPYTER_CONFIG_PATH to this folder): the campaign app on Voilà, and
# JupyterLab on the workshop, with the kit's safeguards.
c = get_config()  # noqa: F821

# SECURITY.md: no tracebacks or sources in the apps, deletes really delete (DEP-10), idle
# kernels reclaimed. Kernel history is off in the kernel itself (share/jupyter/kernels).
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.strip_sources = True
c.FileContentsManager.delete_to_trash = False
c.MappingKernelManager.cull_idle_timeout = 3600
c.MappingKernelManager.cull_interval = 300
c.ServerApp.tornado_settings = {"headers": {"Referrer-Policy": "no-referrer"}}

# The kernels talk over UNIX sockets in a private folder, not TCP ports of 127.0.0.1: every
# account of this server may connect to those, and a kernel's output channel needs no key to
# be read, so another volunteer could read this one's cases as they are typed (ddkit.kernels).
from ddkit.kernels import use_private_sockets  # noqa: E402

use_private_sockets(c)
