package io.promptwave.server.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;

/**
 * Checks the API key of every call, sent as {@code x-api-key} or {@code authorization: Bearer KEY}.
 * Health checks and reflection are open (load balancers and tools call them without keys); the
 * admin services need an admin key. A refused call gets UNAUTHENTICATED (no or unknown key) or
 * PERMISSION_DENIED (a user key on an admin service), and the key never reaches a log.
 */
public final class ApiKeyInterceptor implements ServerInterceptor {
    /** The header that carries the key. */
    public static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ApiKeys keys;
    private final Set<String> openServices;
    private final Set<String> adminServices;

    /**
     * @param keys the accepted keys
     * @param openServices services anyone may call (health, reflection)
     * @param adminServices services that need an admin key
     */
    public ApiKeyInterceptor(ApiKeys keys, Set<String> openServices, Set<String> adminServices) {
        this.keys = keys;
        this.openServices = Set.copyOf(openServices);
        this.adminServices = Set.copyOf(adminServices);
    }

    @Override
    public <Q, S> ServerCall.Listener<Q> interceptCall(ServerCall<Q, S> call, Metadata headers,
            ServerCallHandler<Q, S> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (!keys.enabled() || openServices.contains(service)) {
            return next.startCall(call, headers);
        }
        String key = headers.get(API_KEY);
        if (key == null) {
            String auth = headers.get(AUTHORIZATION);
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).strip();
            }
        }
        ApiKeys.Role role = keys.roleOf(key);
        if (role == null) {
            call.close(Status.UNAUTHENTICATED.withDescription(key == null
                    ? "this server needs an API key: send it as the x-api-key header"
                    : "the API key is not valid"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        if (adminServices.contains(service) && role != ApiKeys.Role.ADMIN) {
            call.close(Status.PERMISSION_DENIED.withDescription(service + " needs an admin API key"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
