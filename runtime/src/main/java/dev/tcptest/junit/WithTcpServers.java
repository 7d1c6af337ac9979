package dev.tcptest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Holds repeated {@link WithTcpServer} annotations; the compiler writes it when
 * {@code @WithTcpServer} is repeated, so there is no need to use it directly.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WithTcpServerExtension.class)
public @interface WithTcpServers {

    /**
     * The repeated annotations.
     *
     * @return the servers to start, each with its own id
     */
    WithTcpServer[] value();
}
