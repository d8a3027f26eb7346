# The Jupyter server of an `intake` volunteer, started by the hub (ddkit.org.hub sets
# JUPYTER_CONFIG_PATH to this folder). The Voilà intake app and nothing else.
c = get_config()  # noqa: F821

# No JupyterLab, no terminal, no file browser: only Voilà is loaded.
c.ServerApp.jpserver_extensions = {
    "voila.server_extension": True,
    "jupyterlab": False,
    "notebook": False,
    "notebook_shim": False,
    "nbclassic": False,
    "jupyter_lsp": False,
    "jupyter_server_terminals": False,
}
c.ServerApp.terminals_enabled = False
# The files API, contents, sessions, conversion and settings answer 403 (ddkit.org.singleuser).
c.ServerApp.authorizer_class = "ddkit.org.singleuser.IntakeAuthorizer"
# The kernel takes widget messages only: code sent over its websocket is ignored (DEP-2).
c.MappingKernelManager.allowed_message_types = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]
# SECURITY.md: no tracebacks or sources on screen, deletes not sent to the trash, idle
# kernels reclaimed (a closed page leaves its kernel behind).
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.strip_sources = True
c.FileContentsManager.delete_to_trash = False
c.MappingKernelManager.cull_idle_timeout = 900
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
c.ServerApp.tornado_settings = {"headers": {"Referrer-Policy": "no-referrer"}}

# The kernels talk over UNIX sockets in a private folder, not TCP ports of 127.0.0.1: every
# account of this server may connect to those, and a kernel's output channel needs no key to
# be read, so another volunteer could read this one's cases as they are typed (ddkit.kernels).
from ddkit.kernels import use_private_sockets  # noqa: E402

use_private_sockets(c)
