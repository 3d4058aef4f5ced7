#!/usr/bin/env python3
"""A Promptwave client in Python, with no generated code and no .proto files.

It asks the server for its schema through gRPC server reflection (grpc.reflection.v1), builds
the message classes from the descriptors it receives, and calls the API with Debian's
python3-grpcio and python3-protobuf. It is the sample for callers that are not written in Java,
and the project's interop test runs it against a real server.

    promptwave_client.py [--target HOST:PORT] [--api-key KEY] [--tls] COMMAND ...

Commands (each prints JSON, one object per line):
    services                          the services the server offers
    health [SERVICE]                  overall health, or of one service (e.g. prompt/NAME)
    recognize FILE [--prompt P]       one transcript for an audio file in any supported format
    stream WAV [--prompt P] [--chunk-ms 100] [--real-time]
                                      streams a WAV file in chunks; prints every response
    understand FILE [--prompt P]      intent and slots for a spoken command
    prompts                           the loaded prompts and their versions (admin key)
    upload DIR [--activate]           uploads a prompt version directory (admin key)
    activate NAME VERSION             makes VERSION the active one (admin key)

The API key comes from --api-key or the PROMPTWAVE_API_KEY environment variable. A failed call
prints "CODE: description" on standard error and exits with 1; a bad argument exits with 2.
"""

import argparse
import json
import os
import struct
import sys
import time

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

REFLECTION = "grpc.reflection.v1.ServerReflection"
RECOGNIZER = "promptwave.v1.Recognizer"
UNDERSTANDING = "promptwave.v1.Understanding"
PROMPTS = "promptwave.v1.Prompts"
HEALTH = "grpc.health.v1.Health"
UPLOAD_CHUNK_BYTES = 64 * 1024


class UsageError(Exception):
    """A bad argument or an unreadable input file: exit status 2."""


def _message_class(pool, full_name):
    descriptor = pool.FindMessageTypeByName(full_name)
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def _reflection_pool():
    """The reflection messages (grpc/reflection/v1/reflection.proto), declared here, because the
    reflection service cannot describe itself before we can talk to it."""
    f = descriptor_pb2.FileDescriptorProto(name="promptwave_client/reflection.proto",
                                           package="grpc.reflection.v1", syntax="proto3")
    string, bytes_, message, integer = (descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                                        descriptor_pb2.FieldDescriptorProto.TYPE_BYTES,
                                        descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
                                        descriptor_pb2.FieldDescriptorProto.TYPE_INT32)
    optional, repeated = (descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
                          descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED)

    def add(name, fields, oneof=None):
        m = f.message_type.add(name=name)
        if oneof:
            m.oneof_decl.add(name=oneof)
        for number, field, kind, label, type_name, in_oneof in fields:
            d = m.field.add(name=field, number=number, type=kind, label=label)
            if type_name:
                d.type_name = ".grpc.reflection.v1." + type_name
            if in_oneof:
                d.oneof_index = 0

    add("ServerReflectionRequest", [(1, "host", string, optional, None, False),
                                    (3, "file_by_filename", string, optional, None, True),
                                    (4, "file_containing_symbol", string, optional, None, True),
                                    (7, "list_services", string, optional, None, True)], "message_request")
    add("FileDescriptorResponse", [(1, "file_descriptor_proto", bytes_, repeated, None, False)])
    add("ServiceResponse", [(1, "name", string, optional, None, False)])
    add("ListServiceResponse", [(1, "service", message, repeated, "ServiceResponse", False)])
    add("ErrorResponse", [(1, "error_code", integer, optional, None, False),
                          (2, "error_message", string, optional, None, False)])
    add("ServerReflectionResponse", [
        (1, "valid_host", string, optional, None, False),
        (4, "file_descriptor_response", message, optional, "FileDescriptorResponse", True),
        (6, "list_services_response", message, optional, "ListServiceResponse", True),
        (7, "error_response", message, optional, "ErrorResponse", True)], "message_response")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return pool


class Api:
    """The server's services, described by the server itself."""

    def __init__(self, channel, metadata):
        self.channel = channel
        self.metadata = metadata
        reflection = _reflection_pool()
        self._request = _message_class(reflection, "grpc.reflection.v1.ServerReflectionRequest")
        self._response = _message_class(reflection, "grpc.reflection.v1.ServerReflectionResponse")
        self.pool = descriptor_pool.DescriptorPool()
        self._loaded = set()

    def _reflect(self, **request):
        call = self.channel.stream_stream("/%s/ServerReflectionInfo" % REFLECTION,
                                          request_serializer=self._request.SerializeToString,
                                          response_deserializer=self._response.FromString)
        reply = next(iter(call(iter([self._request(**request)]), metadata=self.metadata)))
        if reply.WhichOneof("message_response") == "error_response":
            raise grpc.RpcError("reflection: %s" % reply.error_response.error_message)
        return reply

    def services(self):
        return [s.name for s in self._reflect(list_services="").list_services_response.service]

    def _load(self, symbol):
        files = [descriptor_pb2.FileDescriptorProto.FromString(b) for b in
                 self._reflect(file_containing_symbol=symbol).file_descriptor_response.file_descriptor_proto]
        pending = [f for f in files if f.name not in self._loaded]
        # the server sends a file with its dependencies in no promised order: add a file once
        # everything it imports is in the pool
        while pending:
            ready = [f for f in pending if all(d in self._loaded for d in f.dependency)]
            if not ready:
                raise ValueError("reflection for %s did not include %s" % (
                    symbol, sorted({d for f in pending for d in f.dependency} - self._loaded)))
            for f in ready:
                self.pool.Add(f)
                self._loaded.add(f.name)
                pending.remove(f)

    def message(self, full_name):
        return _message_class(self.pool, full_name)

    def method(self, service, name):
        """A callable for SERVICE/NAME, of the right streaming kind, with typed request and
        response classes: (call, request_class)."""
        try:
            described = self.pool.FindServiceByName(service)
        except KeyError:
            self._load(service)
            described = self.pool.FindServiceByName(service)
        m = described.methods_by_name[name]
        request, response = self.message(m.input_type.full_name), self.message(m.output_type.full_name)
        kind = {(False, False): self.channel.unary_unary, (True, False): self.channel.stream_unary,
                (False, True): self.channel.unary_stream, (True, True): self.channel.stream_stream}[
            (m.client_streaming, m.server_streaming)]
        call = kind("/%s/%s" % (service, name), request_serializer=request.SerializeToString,
                    response_deserializer=response.FromString)
        return (lambda req, **kw: call(req, metadata=self.metadata, **kw)), request


def _json(message):
    return json.dumps(json_format.MessageToDict(message), sort_keys=True)


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror))


def _wav_byte_rate(path, data):
    """Bytes per second of a RIFF/WAVE file, from its fmt chunk."""
    if len(data) < 12 or data[0:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise UsageError("%s is not a WAV file (no RIFF/WAVE header); stream needs WAV" % path)
    pos = 12
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if chunk == b"fmt " and size >= 16 and pos + 24 <= len(data):
            return struct.unpack("<I", data[pos + 16:pos + 20])[0]
        pos += 8 + size + (size & 1)
    raise UsageError("%s has no fmt chunk" % path)


def recognize(api, args):
    call, request = api.method(RECOGNIZER, "Recognize")
    print(_json(call(request(prompt=args.prompt, audio={"content": _read(args.file)}),
                     timeout=args.timeout)))


def understand(api, args):
    call, request = api.method(UNDERSTANDING, "Understand")
    print(_json(call(request(prompt=args.prompt, audio={"content": _read(args.file)}),
                     timeout=args.timeout)))


def stream(api, args):
    data = _read(args.file)
    byte_rate = _wav_byte_rate(args.file, data)
    if args.chunk_ms <= 0:
        raise UsageError("--chunk-ms must be positive, got %d" % args.chunk_ms)
    chunk = max(1, byte_rate * args.chunk_ms // 1000)
    call, request = api.method(RECOGNIZER, "StreamingRecognize")

    def requests():
        yield request(prompt=args.prompt, config={"format": {"encoding": "WAV"}, "interim_results": True,
                                                  "request_id": args.request_id})
        for start in range(0, len(data), chunk):
            yield request(prompt=args.prompt, audio=data[start:start + chunk])
            if args.real_time:
                time.sleep(args.chunk_ms / 1000.0)

    for response in call(requests(), timeout=args.timeout):
        print(_json(response), flush=True)


def health(api, args):
    call, request = api.method(HEALTH, "Check")
    print(_json(call(request(service=args.service), timeout=args.timeout)))


def prompts(api, args):
    call, request = api.method(PROMPTS, "ListPrompts")
    print(_json(call(request(), timeout=args.timeout)))


def upload(api, args):
    names = ["adapter_config.json", "adapter_model.safetensors"]
    # a prompt may bring its own language model (promptwave lm --prompt); its config names it
    if os.path.isfile(os.path.join(args.dir, "language_model.ngram")):
        names.append("language_model.ngram")
    files = [(n, _read(os.path.join(args.dir, n))) for n in names]
    call, request = api.method(PROMPTS, "UploadPrompt")

    def requests():
        yield request(header={"activate": args.activate})
        for name, data in files:
            for start in range(0, max(len(data), 1), UPLOAD_CHUNK_BYTES):
                yield request(chunk={"file": name, "data": data[start:start + UPLOAD_CHUNK_BYTES]})

    print(_json(call(requests(), timeout=args.timeout)))


def activate(api, args):
    call, request = api.method(PROMPTS, "ActivatePrompt")
    print(_json(call(request(name=args.name, version=args.version), timeout=args.timeout)))


def services(api, args):
    for name in sorted(api.services()):
        print(json.dumps({"service": name}))


def _parser():
    p = argparse.ArgumentParser(description="Call a Promptwave server (schema from server reflection).")
    p.add_argument("--target", default="localhost:50051", help="HOST:PORT (default localhost:50051)")
    p.add_argument("--api-key", default=os.environ.get("PROMPTWAVE_API_KEY"),
                   help="sent as x-api-key (default: $PROMPTWAVE_API_KEY)")
    p.add_argument("--tls", action="store_true", help="use TLS with the system's trusted roots")
    p.add_argument("--timeout", type=float, default=120.0, help="deadline of each call in seconds")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("services").set_defaults(run=services)
    h = sub.add_parser("health")
    h.add_argument("service", nargs="?", default="")
    h.set_defaults(run=health)
    for name, run in (("recognize", recognize), ("understand", understand)):
        c = sub.add_parser(name)
        c.add_argument("file")
        c.add_argument("--prompt", default="")
        c.set_defaults(run=run)
    s = sub.add_parser("stream")
    s.add_argument("file")
    s.add_argument("--prompt", default="")
    s.add_argument("--chunk-ms", type=int, default=100)
    s.add_argument("--real-time", action="store_true", help="send chunks at the pace of speech")
    s.add_argument("--request-id", default="")
    s.set_defaults(run=stream)
    sub.add_parser("prompts").set_defaults(run=prompts)
    u = sub.add_parser("upload")
    u.add_argument("dir")
    u.add_argument("--activate", action="store_true")
    u.set_defaults(run=upload)
    a = sub.add_parser("activate")
    a.add_argument("name")
    a.add_argument("version", type=int)
    a.set_defaults(run=activate)
    return p


def main(argv):
    args = _parser().parse_args(argv)
    metadata = (("x-api-key", args.api_key),) if args.api_key else ()
    channel = (grpc.secure_channel(args.target, grpc.ssl_channel_credentials()) if args.tls
               else grpc.insecure_channel(args.target))
    with channel:
        try:
            args.run(Api(channel, metadata), args)
        except UsageError as e:
            print(e, file=sys.stderr)
            return 2
        except grpc.RpcError as e:
            if hasattr(e, "code"):
                print("%s: %s" % (e.code().name, e.details()), file=sys.stderr)
            else:
                print(e, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
