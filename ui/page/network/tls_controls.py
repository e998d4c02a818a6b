"""TLS settings in a network panel: a checkbox, and under it (only while it is ticked) what that side needs —
a client verifies the server (CA file, SNI, ALPN, its own certificate if asked); a server serves a certificate
(files, or one made for this session) and may ask clients for theirs."""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QToolButton, QWidget

from app.net.tls import TlsOptions
from ui.fields import check
from ui.options import Bool, Option, Text

Side = Literal["client", "server"]


def tls_options(prefix: str = "tls_") -> dict[str, Option]:
    return {f"{prefix}{k}": v for k, v in {
        "enabled": Bool(False), "verify": Bool(True), "ca_file": Text("", 4096), "cert_file": Text("", 4096),
        "key_file": Text("", 4096), "server_name": Text("", 256), "alpn": Text("", 256),
        "self_signed": Bool(True), "request_client_cert": Bool(False)}.items()}


def _holder(edit: QLineEdit) -> QWidget:
    """The row a file's edit sits in, beside its browse button (``TlsControls._file`` made it)."""
    holder = edit.parentWidget()
    assert holder is not None
    return holder


class TlsControls(QWidget):
    """One side's TLS choices. ``names`` prefixes the object names (the relay has two sides)."""

    changed = Signal()

    def __init__(self, side: Side, form: QFormLayout, *, enable_name: str = "tlsEnabled",
                 enable_text: str = "", prefix: str = "tls", parent: QWidget | None = None):
        super().__init__(parent)
        self.side = side
        self.enabled = check(enable_name, enable_text or self.tr("TLS (SSL) encryption"))
        self.enabled.setToolTip(self.tr("Records and counters hold the decrypted bytes; the handshake (version, "
                                        "cipher, certificate) is a line in the view"))
        self.details = QWidget(self)
        rows = QFormLayout(self.details)
        rows.setContentsMargins(16, 0, 0, 0)
        self.verify = check(f"{prefix}Verify", self.tr("Verify the server's certificate") if side == "client"
                            else self.tr("Require a valid client certificate"))
        self.self_signed = check(f"{prefix}SelfSigned", self.tr("Make a self-signed certificate for this session"),
                                 True)
        self.request_cert = check(f"{prefix}RequestClientCert", self.tr("Ask clients for a certificate"))
        self.ca_file = self._file(f"{prefix}CaFile", self.tr("CA certificates (PEM) to trust"))
        self.cert_file = self._file(f"{prefix}CertFile", self.tr("Certificate (PEM)"))
        self.key_file = self._file(f"{prefix}KeyFile", self.tr("Private key (PEM)"))
        self.server_name = QLineEdit()
        self.server_name.setObjectName(f"{prefix}ServerName")
        self.server_name.setAccessibleName(self.tr("Server name (SNI)"))
        self.server_name.setPlaceholderText(self.tr("the host connected to") if side == "client"
                                            else self.tr("localhost"))
        self.alpn = QLineEdit()
        self.alpn.setObjectName(f"{prefix}Alpn")
        self.alpn.setAccessibleName(self.tr("ALPN protocols, comma-separated"))
        self.alpn.setPlaceholderText(self.tr("e.g. h2, http/1.1"))
        if side == "client":
            rows.addRow(self.verify)
            rows.addRow(self.tr("CA file"), _holder(self.ca_file))
            rows.addRow(self.tr("SNI name"), self.server_name)
            rows.addRow(self.tr("ALPN"), self.alpn)
            rows.addRow(self.tr("Client cert"), _holder(self.cert_file))
            rows.addRow(self.tr("Client key"), _holder(self.key_file))
        else:
            rows.addRow(self.self_signed)
            rows.addRow(self.tr("Certificate"), _holder(self.cert_file))
            rows.addRow(self.tr("Key"), _holder(self.key_file))
            rows.addRow(self.tr("Name"), self.server_name)
            rows.addRow(self.tr("ALPN"), self.alpn)
            rows.addRow(self.request_cert)
            rows.addRow(self.verify)
            rows.addRow(self.tr("CA file"), _holder(self.ca_file))
            self.request_cert.toggled.connect(self.verify.setEnabled)
            self.verify.setEnabled(False)
        form.addRow(self.enabled)
        form.addRow(self.details)
        self.details.setVisible(False)
        self.enabled.toggled.connect(self.details.setVisible)
        self.self_signed.toggled.connect(self._files_follow)
        self._files_follow()
        for box in (self.enabled, self.verify, self.self_signed, self.request_cert):
            box.toggled.connect(self.changed)
        for edit in (self.ca_file, self.cert_file, self.key_file, self.server_name, self.alpn):
            edit.textChanged.connect(self.changed)

    def _file(self, name: str, what: str) -> QLineEdit:
        holder = QWidget(self.details)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(holder)
        edit.setObjectName(name)
        edit.setAccessibleName(what)
        edit.setPlaceholderText(self.tr("none"))
        browse = QToolButton(holder)
        browse.setText("…")
        browse.setAccessibleName(self.tr("Choose %1").replace("%1", what))
        browse.clicked.connect(lambda: self._browse(edit, what))
        row.addWidget(edit, 1)
        row.addWidget(browse)
        return edit

    def _browse(self, edit: QLineEdit, what: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, what, edit.text(), self.tr("PEM files (*.pem *.crt *.key "
                                                                               "*.cer);;All files (*)"))
        if path:
            edit.setText(path)

    def _files_follow(self) -> None:
        """A server making its own certificate needs no files."""
        if self.side == "server":
            for edit in (self.cert_file, self.key_file):
                _holder(edit).setEnabled(not self.self_signed.isChecked())

    def set_fixed(self, fixed: bool) -> None:
        self.enabled.setEnabled(not fixed)
        self.details.setEnabled(not fixed)

    def options(self) -> TlsOptions:
        alpn = tuple(p.strip() for p in self.alpn.text().split(",") if p.strip())
        return TlsOptions(enabled=self.enabled.isChecked(), verify=self.verify.isChecked(),
                          ca_file=self.ca_file.text().strip(), cert_file=self.cert_file.text().strip(),
                          key_file=self.key_file.text().strip(), server_name=self.server_name.text().strip(),
                          alpn=alpn, self_signed=self.side == "server" and self.self_signed.isChecked(),
                          request_client_cert=self.request_cert.isChecked())

    def to_settings(self, prefix: str = "tls_") -> dict[str, Any]:
        return {f"{prefix}enabled": self.enabled.isChecked(), f"{prefix}verify": self.verify.isChecked(),
                f"{prefix}ca_file": self.ca_file.text(), f"{prefix}cert_file": self.cert_file.text(),
                f"{prefix}key_file": self.key_file.text(), f"{prefix}server_name": self.server_name.text(),
                f"{prefix}alpn": self.alpn.text(), f"{prefix}self_signed": self.self_signed.isChecked(),
                f"{prefix}request_client_cert": self.request_cert.isChecked()}

    def apply_settings(self, s: dict[str, Any], prefix: str = "tls_") -> None:
        self.enabled.setChecked(s[f"{prefix}enabled"])
        self.verify.setChecked(s[f"{prefix}verify"])
        self.ca_file.setText(s[f"{prefix}ca_file"])
        self.cert_file.setText(s[f"{prefix}cert_file"])
        self.key_file.setText(s[f"{prefix}key_file"])
        self.server_name.setText(s[f"{prefix}server_name"])
        self.alpn.setText(s[f"{prefix}alpn"])
        self.self_signed.setChecked(s[f"{prefix}self_signed"])
        self.request_cert.setChecked(s[f"{prefix}request_client_cert"])


__all__ = ["TlsControls", "tls_options"]
