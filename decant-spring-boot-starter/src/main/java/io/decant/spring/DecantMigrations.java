package io.decant.spring;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.config.DecantConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * One {@link Migration} bean per migration of the decant.yaml, named {@code <name>Migration} and
 * qualified by the migration's name: {@code @Qualifier("orders") Migration orders}. Creating it
 * registers this process as an instance of the migration.
 */
final class DecantMigrations implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware {
    private final Environment environment;
    private BeanFactory beanFactory;

    DecantMigrations(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        DecantConfig config = DecantConfigResource.load(environment, new DefaultResourceLoader(getClass().getClassLoader()));
        for (String name : DecantAutoConfiguration.migrationNames(config)) {
            RootBeanDefinition d = new RootBeanDefinition(Migration.class, () -> beanFactory.getBean(Decant.class).migration(name));
            d.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            d.setDependsOn("decant");
            registry.registerBeanDefinition(name + "Migration", d);
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }
}
